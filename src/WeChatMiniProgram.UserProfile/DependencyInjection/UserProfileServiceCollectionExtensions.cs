using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WeChatMiniProgram.UserProfile;

/// <summary>Registers the getUserProfile client in an <see cref="IServiceCollection"/>.</summary>
public static class UserProfileServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IUserProfileClient"/> as a singleton, with its options and, where the host has not
    /// registered its own, the in-memory prompt provider (always Allow), demo profile source and a random session key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; <see cref="UserProfileClientOptions.AppId"/> is required.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>
    /// Uses TryAdd semantics: a second call adds nothing, and services the host registers, before or after
    /// this call, win over the in-memory ones. Register your own <see cref="IConsentPromptProvider"/>,
    /// <see cref="IUserProfileSource"/> and <see cref="ISessionKeyProvider"/> in production.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddUserProfileClient(this IServiceCollection services, Action<UserProfileClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(_ =>
        {
            var options = new UserProfileClientOptions();
            configure?.Invoke(options);
            return options;
        });
        services.TryAddSingleton<IConsentPromptProvider>(_ => new InMemoryConsentPromptProvider(ConsentDecision.Allow));
        services.TryAddSingleton<IUserProfileSource>(_ => InMemoryUserProfileSource.Demo);
        services.TryAddSingleton<ISessionKeyProvider>(_ => new InMemorySessionKeyProvider());
        services.TryAddSingleton<IPrivacyAuthorizationProvider>(_ => new InMemoryPrivacyAuthorizationProvider(ConsentDecision.Allow));
        services.TryAddSingleton<IUserProfileClient>(static provider => new UserProfileClient(
            provider.GetRequiredService<UserProfileClientOptions>(),
            provider.GetRequiredService<IConsentPromptProvider>(),
            provider.GetRequiredService<IUserProfileSource>(),
            provider.GetRequiredService<ISessionKeyProvider>(),
            provider.GetRequiredService<IPrivacyAuthorizationProvider>()));
        return services;
    }
}
