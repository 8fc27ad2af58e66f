using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WeChatMiniProgram.UserProfile;

/// <summary>Registers the getUserProfile client in an <see cref="IServiceCollection"/>.</summary>
public static class UserProfileServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IUserProfileClient"/> as a singleton over the host's own components: an
    /// <see cref="IConsentPromptProvider"/> (the consent UI), an <see cref="IUserProfileSource"/> (the signed-in user's
    /// profile) and an <see cref="ISessionKeyProvider"/> (the latest login's session_key), which the host registers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; <see cref="UserProfileClientOptions.AppId"/> is required.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>
    /// Uses TryAdd semantics: a second call adds nothing. An <see cref="IPrivacyAuthorizationProvider"/> and a
    /// <see cref="TimeProvider"/> are used when registered. Nothing answers the prompt for the user: resolving the client
    /// without the three host components fails and names the missing one. Tests and demos register the in-memory ones
    /// explicitly with <see cref="AddInMemoryUserProfileHost"/>.
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
        services.TryAddSingleton<IUserProfileClient>(static provider => new UserProfileClient(
            provider.GetRequiredService<UserProfileClientOptions>(),
            HostComponent<IConsentPromptProvider>(provider, "the consent prompt (your UI)"),
            HostComponent<IUserProfileSource>(provider, "the signed-in user's profile"),
            HostComponent<ISessionKeyProvider>(provider, "the session_key of the user's latest wx.login"),
            provider.GetService<IPrivacyAuthorizationProvider>(),
            provider.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// For tests and demos only: registers in-memory host components where none is registered yet: a consent prompt
    /// that always answers <paramref name="decision"/>, the demo user's profile, a random session key and a privacy
    /// agreement the user has accepted.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="decision">What the in-memory consent prompt answers.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddInMemoryUserProfileHost(this IServiceCollection services, ConsentDecision decision = ConsentDecision.Allow)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IConsentPromptProvider>(_ => new InMemoryConsentPromptProvider(decision));
        services.TryAddSingleton<IUserProfileSource>(_ => InMemoryUserProfileSource.Demo);
        services.TryAddSingleton<ISessionKeyProvider>(_ => new InMemorySessionKeyProvider());
        services.TryAddSingleton<IPrivacyAuthorizationProvider>(_ => new InMemoryPrivacyAuthorizationProvider(ConsentDecision.Allow));
        return services;
    }

    private static T HostComponent<T>(IServiceProvider provider, string what)
        where T : class
        => provider.GetService<T>() ?? throw new InvalidOperationException(
            $"AddUserProfileClient needs the host's {typeof(T).Name}, {what}, and none is registered. Register your own; "
            + "tests and demos can call AddInMemoryUserProfileHost() for in-memory ones.");
}
