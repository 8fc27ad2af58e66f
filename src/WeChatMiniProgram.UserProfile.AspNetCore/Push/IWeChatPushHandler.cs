using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Handles the pushes of one event (or message type), registered with
/// <see cref="WeChatPushServiceCollectionExtensions.AddWeChatPushHandler{THandler}(Microsoft.Extensions.DependencyInjection.IServiceCollection, string)"/>.
/// Resolved per push, in the request's scope.
/// </summary>
public interface IWeChatPushHandler
{
    /// <summary>Handles a verified, decrypted push. Throwing makes the endpoint answer 503, so WeChat delivers it again.</summary>
    /// <param name="message">The push.</param>
    /// <param name="cancellationToken">Cancelled when WeChat goes away.</param>
    /// <returns>A task that completes when the push is handled.</returns>
    Task HandleAsync(WeChatPushMessage message, CancellationToken cancellationToken);
}
