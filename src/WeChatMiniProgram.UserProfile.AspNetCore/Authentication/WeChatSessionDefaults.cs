namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>The defaults of the WeChat session authentication scheme.</summary>
public static class WeChatSessionDefaults
{
    /// <summary>The scheme's name: <c>WeChatSession</c>.</summary>
    public const string AuthenticationScheme = "WeChatSession";
}
