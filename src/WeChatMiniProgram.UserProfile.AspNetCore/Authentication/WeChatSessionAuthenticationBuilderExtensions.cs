using Microsoft.AspNetCore.Authentication;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Adds the WeChat session scheme to an app's authentication.</summary>
public static class WeChatSessionAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="WeChatSessionDefaults.AuthenticationScheme"/> scheme: bearer tokens from
    /// <see cref="WeChatEndpointRouteBuilderExtensions.MapWeChatLogin"/>, valid on every instance of the backend (they
    /// are MACed under a key derived from their app's AppSecret, which every instance has), with the claims <c>openid</c>,
    /// <c>unionid</c> and <c>appid</c>. A missing, forged, altered or expired token is 401 with <c>WWW-Authenticate: Bearer</c>.
    /// </summary>
    /// <param name="builder">The authentication builder, from <c>services.AddAuthentication(WeChatSessionDefaults.AuthenticationScheme)</c>.</param>
    /// <param name="configure">Configures the token lifetime.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static AuthenticationBuilder AddWeChatSession(this AuthenticationBuilder builder, Action<WeChatSessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddScheme<WeChatSessionOptions, WeChatSessionHandler>(WeChatSessionDefaults.AuthenticationScheme, configure);
    }
}
