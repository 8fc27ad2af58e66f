using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Registers the handlers of WeChat's message push, one per event, for <c>MapWeChatPush</c>.</summary>
public static class WeChatPushServiceCollectionExtensions
{
    /// <summary>The event name of a handler that takes every push no handler of its own takes.</summary>
    public const string AnyEvent = "*";

    /// <summary>Registers <typeparamref name="THandler"/> (scoped) for the pushes whose <c>Event</c> (else <c>MsgType</c>) is <paramref name="eventName"/>.</summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="eventName">The event, such as <see cref="WeChatMediaCheckEvent.EventName"/>; <see cref="AnyEvent"/> for the rest.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="eventName"/> is <see langword="null"/> or empty.</exception>
    public static IServiceCollection AddWeChatPushHandler<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, string eventName)
        where THandler : class, IWeChatPushHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return services.AddKeyedScoped<IWeChatPushHandler, THandler>(eventName);
    }

    /// <summary>Registers a delegate for the pushes whose <c>Event</c> (else <c>MsgType</c>) is <paramref name="eventName"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="eventName">The event, such as <see cref="WeChatMediaCheckEvent.EventName"/>; <see cref="AnyEvent"/> for the rest.</param>
    /// <param name="handler">Handles a push, with the request's services; throwing makes WeChat deliver it again.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="eventName"/> is <see langword="null"/> or empty.</exception>
    public static IServiceCollection AddWeChatPushHandler(this IServiceCollection services, string eventName, Func<WeChatPushMessage, IServiceProvider, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        return services.AddKeyedScoped<IWeChatPushHandler>(eventName, (provider, _) => new DelegateHandler(provider, handler));
    }

    private sealed class DelegateHandler(IServiceProvider services, Func<WeChatPushMessage, IServiceProvider, CancellationToken, Task> handler) : IWeChatPushHandler
    {
        public Task HandleAsync(WeChatPushMessage message, CancellationToken cancellationToken) => handler(message, services, cancellationToken);
    }
}
