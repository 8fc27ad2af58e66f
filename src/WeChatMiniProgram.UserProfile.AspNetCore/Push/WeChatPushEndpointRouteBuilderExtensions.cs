using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>The message-push endpoint of a mini-program backend, in one line.</summary>
public static class WeChatPushEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps WeChat's message push (消息推送) at <paramref name="pattern"/>: <c>GET</c> answers the URL verification
    /// (<c>echostr</c>, once the signature verifies), <c>POST</c> verifies and reads a push in the app's mode and format
    /// (<c>WeChat:Push:Token</c>, <c>EncodingAesKey</c>, <c>Mode</c>), hands it to the handler registered for its
    /// <c>Event</c> (<see cref="WeChatPushServiceCollectionExtensions.AddWeChatPushHandler{THandler}"/>), and answers
    /// <c>success</c>. A bad signature, a stale timestamp or a replay is a 4xx problem that echoes nothing and is logged
    /// without secrets; a handler that throws is a 503, so WeChat delivers the push again.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route: the push URL set in the admin console.</param>
    /// <param name="appId">The mini program, when the backend serves several; <see langword="null"/> for the first registered.</param>
    /// <returns>The endpoints, to configure further (rate limiting, ...).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="appId"/> is not a registered mini program.</exception>
    public static IEndpointConventionBuilder MapWeChatPush(this IEndpointRouteBuilder endpoints, string pattern = "/wechat/push", string? appId = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (appId is not null && endpoints.ServiceProvider.GetService<UserProfileServerApps>() is { } apps && !apps.Contains(appId))
        {
            throw new ArgumentException($"'{appId}' is not a mini program registered with AddUserProfileServer.", nameof(appId));
        }

        var group = endpoints.MapGroup(pattern);
        group.MapGet(string.Empty, context => Endpoint(context, appId).VerifyAsync(context));
        group.MapPost(string.Empty, context => Endpoint(context, appId).ReceiveAsync(context));
        return group;
    }

    private static WeChatPushEndpoint Endpoint(HttpContext context, string? appId)
        => context.RequestServices.GetRequiredKeyedService<WeChatPushEndpoint>(appId ?? context.RequestServices.GetRequiredService<UserProfileServerApps>().Default);
}
