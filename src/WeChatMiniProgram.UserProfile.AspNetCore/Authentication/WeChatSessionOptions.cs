using Microsoft.AspNetCore.Authentication;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Options of the WeChat session authentication scheme (<see cref="WeChatSessionDefaults.AuthenticationScheme"/>).</summary>
public sealed class WeChatSessionOptions : AuthenticationSchemeOptions
{
    /// <summary>Gets or sets how long a token from the login endpoint is valid.</summary>
    /// <value>The default value is 2 hours. A client logs in again (wx.login, then the login endpoint) when it expires.</value>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);
}
