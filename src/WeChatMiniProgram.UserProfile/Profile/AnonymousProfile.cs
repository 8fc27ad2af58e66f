namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The anonymised profile WeChat has returned from base library 2.27.1 on (November 2022):
/// nickname "微信用户", the default grey avatar, gender 0, empty regions, language zh_CN.
/// </summary>
internal static class AnonymousProfile
{
    public const string NickName = "微信用户";

    public const string AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132";

    /// <summary>Gets a new copy: <see cref="UserInfo"/> is settable, so no caller ever holds the shared one.</summary>
    public static UserInfo Value => new()
    {
        NickName = NickName,
        Gender = Gender.Unknown,
        Language = "zh_CN",
        City = string.Empty,
        Province = string.Empty,
        Country = string.Empty,
        AvatarUrl = AvatarUrl,
    };
}
