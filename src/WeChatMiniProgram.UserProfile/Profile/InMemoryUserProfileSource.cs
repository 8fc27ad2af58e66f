namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// An in-memory <see cref="IUserProfileSource"/> for samples and tests: it returns a fixed profile,
/// with region names localised from a table per <see cref="Language"/>.
/// </summary>
public sealed class InMemoryUserProfileSource : IUserProfileSource
{
    private readonly UserInfo _profile;
    private readonly IReadOnlyDictionary<Language, UserInfo> _localized;

    /// <summary>
    /// Initializes a new instance of the <see cref="InMemoryUserProfileSource"/> class that returns
    /// <paramref name="profile"/> for every language.
    /// </summary>
    /// <param name="profile">The profile to return.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    public InMemoryUserProfileSource(UserInfo profile)
        : this(profile, new Dictionary<Language, UserInfo>())
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="InMemoryUserProfileSource"/> class that returns
    /// the entry of <paramref name="localized"/> for a language it has, and <paramref name="profile"/> otherwise.
    /// </summary>
    /// <param name="profile">The profile to return when no localised entry exists.</param>
    /// <param name="localized">Profiles per language.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public InMemoryUserProfileSource(UserInfo profile, IReadOnlyDictionary<Language, UserInfo> localized)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(localized);
        _profile = profile;
        _localized = localized;
    }

    /// <summary>
    /// Gets a demo user, "Band" from Guangzhou, with region names in English, Simplified and Traditional Chinese.
    /// </summary>
    public static InMemoryUserProfileSource Demo { get; } = new(
        DemoUser(Language.En),
        new Dictionary<Language, UserInfo>
        {
            [Language.En] = DemoUser(Language.En),
            [Language.ZhCN] = DemoUser(Language.ZhCN),
            [Language.ZhTW] = DemoUser(Language.ZhTW),
        });

    /// <inheritdoc/>
    public ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<UserInfo>(_localized.TryGetValue(lang, out var localized) ? localized : _profile);
    }

    private static UserInfo DemoUser(Language lang)
    {
        var (country, province, city) = lang switch
        {
            Language.ZhCN => ("中国", "广东", "广州"),
            Language.ZhTW => ("中國", "廣東", "廣州"),
            _ => ("China", "Guangdong", "Guangzhou"),
        };

        return new UserInfo
        {
            NickName = "Band",
            Gender = Gender.Male,
            Language = "zh_CN",
            City = city,
            Province = province,
            Country = country,
            AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/demo-band/132",
        };
    }
}
