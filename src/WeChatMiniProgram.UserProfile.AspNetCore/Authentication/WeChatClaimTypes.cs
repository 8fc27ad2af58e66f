namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>The claims a WeChat mini-program sign-in carries, by WeChat's own names.</summary>
public static class WeChatClaimTypes
{
    /// <summary>The user's openid in this mini program, from code2Session.</summary>
    public const string OpenId = "openid";

    /// <summary>The user's unionid across the developer's apps, from code2Session when WeChat issues one.</summary>
    public const string UnionId = "unionid";

    /// <summary>The mini program's AppId the user signed in to.</summary>
    public const string AppId = "appid";
}
