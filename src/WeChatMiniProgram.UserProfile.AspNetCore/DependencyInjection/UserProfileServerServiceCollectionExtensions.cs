using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Registers UserProfile's server half in an ASP.NET Core app.</summary>
public static class UserProfileServerServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> that calls WeChat's API; add handlers to it with <c>services.AddHttpClient(HttpClientName)</c>.</summary>
    public const string HttpClientName = "UserProfile.WeChat";

    /// <summary>
    /// Registers the server half with options bound from <paramref name="configuration"/> (for example
    /// <c>builder.Configuration.GetSection("WeChat")</c>): <see cref="UserProfileVerifier"/>, <see cref="WeChatLoginClient"/>
    /// through IHttpClientFactory, one <see cref="WeChatAccessTokenProvider"/>, the <see cref="IWeChatSessionStore"/>
    /// (over the registered <see cref="IDistributedCache"/>, else in memory) and the <see cref="UserProfileServer"/> facade.
    /// The options are validated when the app starts, with one message naming every problem.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding AppId, AppSecret, ApiBaseAddress and the other <see cref="UserProfileServerOptions"/>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddUserProfileServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<UserProfileServerOptions>().Bind(configuration);
        return services.AddUserProfileServerCore();
    }

    /// <summary>Registers the server half, as <see cref="AddUserProfileServer(IServiceCollection, IConfiguration)"/> does, with options set in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddUserProfileServer(this IServiceCollection services, Action<UserProfileServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<UserProfileServerOptions>().Configure(configure);
        return services.AddUserProfileServerCore();
    }

    private static IServiceCollection AddUserProfileServerCore(this IServiceCollection services)
    {
        services.AddOptions<UserProfileServerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UserProfileServerOptions>, UserProfileServerOptionsValidator>());
        services.AddHttpClient(HttpClientName);

        services.TryAddSingleton(provider => new UserProfileVerifier(Options(provider).OpenData, Clock(provider)));
        services.TryAddSingleton(provider => new OpenDataDecryptor(Options(provider).OpenData, Clock(provider)));
        // One token provider per app, over a client from the factory per request (the factory rotates handlers).
        services.TryAddSingleton(provider =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new WeChatAccessTokenProvider(() => factory.CreateClient(HttpClientName), Options(provider).Api, Clock(provider), Observer(provider));
        });
        services.TryAddSingleton(provider => Options(provider).Sessions);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Diagnostics.IExceptionHandler, UserProfileExceptionHandler>());

        // Transient, as IHttpClientFactory's clients are: each gets a fresh HttpClient over pooled handlers, and the
        // one access-token provider above.
        services.TryAddTransient(provider => new WeChatLoginClient(Http(provider), Options(provider).Api, provider.GetRequiredService<WeChatAccessTokenProvider>(), Clock(provider), Observer(provider)));
        services.TryAddSingleton<IWeChatSessionStore>(provider =>
        {
            var options = Options(provider);
            if (provider.GetService<IDistributedCache>() is not { } cache)
            {
                return new InMemoryWeChatSessionStore(options.Sessions, Clock(provider));
            }

            var protector = options.ProtectSessionKeys
                ? (provider.GetService<IDataProtectionProvider>()
                    ?? throw new InvalidOperationException("UserProfileServerOptions.ProtectSessionKeys is on, but no Data Protection is registered: call services.AddDataProtection() with a key ring every instance shares."))
                    .CreateProtector("WeChatMiniProgram.UserProfile.AspNetCore.Sessions.v1")
                : null;
            return new DistributedCacheWeChatSessionStore(cache, options.Sessions, protector, options.SessionKeyPrefix);
        });
        services.TryAddTransient(provider => new UserProfileServer(
            provider.GetRequiredService<WeChatLoginClient>(), provider.GetRequiredService<IWeChatSessionStore>(), provider.GetRequiredService<UserProfileVerifier>(), Clock(provider), Observer(provider)));
        return services;
    }

    private static UserProfileServerOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<UserProfileServerOptions>>().Value;

    // The app's own observer if it registered one, else one that logs (when logging is set up).
    private static WeChatServerObserver? Observer(IServiceProvider provider)
        => provider.GetService<WeChatServerObserver>() ?? (provider.GetService<Microsoft.Extensions.Logging.ILoggerFactory>() is { } loggers ? new LoggingWeChatServerObserver(loggers) : null);

    private static TimeProvider Clock(IServiceProvider provider) => provider.GetService<TimeProvider>() ?? TimeProvider.System;

    private static HttpClient Http(IServiceProvider provider) => provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
}
