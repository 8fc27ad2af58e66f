namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The anonymised profile WeChat has returned from getUserProfile since 2022-11-08 on base library 2.27.1 and later:
/// nickname 微信用户, the default grey avatar, gender 0, empty regions, language zh_CN. It is no user's own: never keep
/// it as a user's nickname or avatar; ask for them with the fill-in components (<c>open-type="chooseAvatar"</c>,
/// <c>&lt;input type="nickname"&gt;</c>) instead.
/// </summary>
public static class AnonymousProfile
{
    /// <summary>The anonymised nickname.</summary>
    public const string NickName = "微信用户";

    /// <summary>The anonymised avatar, the default grey one, at 132×132.</summary>
    public const string AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/" + GreyAvatarKey + "/132";

    // The path segment that names the grey avatar, whatever the host (thirdwx or wx.qlogo.cn) and the size suffix.
    private const string GreyAvatarKey = "POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg";

    /// <summary>Gets a new copy: <see cref="UserInfo"/> is settable, so no caller ever holds the shared one.</summary>
    internal static UserInfo Value => new()
    {
        NickName = NickName,
        Gender = Gender.Unknown,
        Language = "zh_CN",
        City = string.Empty,
        Province = string.Empty,
        Country = string.Empty,
        AvatarUrl = AvatarUrl,
    };

    /// <summary>Gets a value indicating whether a profile is WeChat's anonymised one: the nickname 微信用户 with the grey avatar (or none).</summary>
    /// <param name="userInfo">The profile, such as a verified getUserProfile result's.</param>
    /// <returns><see langword="true"/> for the anonymised profile, which is no user's own.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userInfo"/> is <see langword="null"/>.</exception>
    public static bool IsAnonymous(UserInfo userInfo)
    {
        ArgumentNullException.ThrowIfNull(userInfo);
        return string.Equals(userInfo.NickName, NickName, StringComparison.Ordinal) && (string.IsNullOrEmpty(userInfo.AvatarUrl) || IsGreyAvatar(userInfo.AvatarUrl));
    }

    /// <summary>Gets a value indicating whether an avatar URL is WeChat's default grey avatar, at any size and on either qlogo host.</summary>
    /// <param name="avatarUrl">The URL.</param>
    /// <returns><see langword="true"/> for the grey avatar; <see langword="false"/> for any other URL, or one that is not a URL.</returns>
    public static bool IsGreyAvatar(string? avatarUrl)
        => Uri.TryCreate(avatarUrl, UriKind.Absolute, out var uri)
            && uri.Host is "thirdwx.qlogo.cn" or "wx.qlogo.cn"
            && uri.AbsolutePath.Split('/') is ["", "mmopen", _, GreyAvatarKey, ..];
}
