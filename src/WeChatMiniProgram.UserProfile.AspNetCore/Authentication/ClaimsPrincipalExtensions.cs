using System.Security.Claims;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Reads the WeChat identity of a signed-in user.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>Gets the user's openid, or <see langword="null"/> when the user did not sign in through WeChat.</summary>
    /// <param name="user">The user, such as <c>HttpContext.User</c>.</param>
    /// <returns>The openid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    public static string? GetWeChatOpenId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(WeChatClaimTypes.OpenId)?.Value;
    }

    /// <summary>Gets the AppId the user signed in to, or <see langword="null"/> when the user did not sign in through WeChat.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The AppId.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    public static string? GetWeChatAppId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(WeChatClaimTypes.AppId)?.Value;
    }
}
