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
    /// <summary>
    /// The name of the <see cref="HttpClient"/> that calls WeChat's API; add handlers to it with
    /// <c>services.AddHttpClient(HttpClientName)</c>. Its requests carry the AppSecret, access tokens and login codes in
    /// the query string, so IHttpClientFactory's default loggers are removed from it and one logger that never writes a
    /// query takes their place. A handler or logger added to it afterwards sees those URIs: never log them.
    /// </summary>
    public const string HttpClientName = "UserProfile.WeChat";

    /// <summary>
    /// Registers the server half with options bound from <paramref name="configuration"/> (for example
    /// <c>builder.Configuration.GetSection("WeChat")</c>): <see cref="UserProfileVerifier"/>, <see cref="WeChatLoginClient"/>
    /// and <see cref="WeChatContentSecurityClient"/> through IHttpClientFactory, one <see cref="WeChatAccessTokenProvider"/>,
    /// the message-push receiver of <c>MapWeChatPush</c> (section <c>Push</c>), the <see cref="IWeChatSessionStore"/>
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
        return services.AddUserProfileServerCore(configuration["AppId"], options => options.Bind(configuration));
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
        var probe = new UserProfileServerOptions();
        configure(probe);
        return services.AddUserProfileServerCore(probe.AppId, options => options.Configure(configure));
    }

    /// <summary>
    /// Registers one mini program. The first call's app is the default one (the unkeyed services); every app's services
    /// are also keyed by its AppId (<c>GetRequiredKeyedService&lt;UserProfileServer&gt;(appId)</c>), so one backend serves
    /// several mini programs: their sessions are keyed by AppId in the one store, their tokens by their own AppSecret.
    /// </summary>
    private static IServiceCollection AddUserProfileServerCore(this IServiceCollection services, string? appId, Action<OptionsBuilder<UserProfileServerOptions>> bind)
    {
        var key = appId ?? string.Empty;
        var first = !services.Any(d => d.ServiceType == typeof(UserProfileServerApps));
        if (first)
        {
            services.AddSingleton(new UserProfileServerApps());
            bind(services.AddOptions<UserProfileServerOptions>()); // IOptions<UserProfileServerOptions>: the default app's
        }

        var apps = (UserProfileServerApps)services.First(d => d.ServiceType == typeof(UserProfileServerApps)).ImplementationInstance!;
        if (!apps.Add(key))
        {
            return services; // the same app twice: the second call adds nothing
        }

        bind(services.AddOptions<UserProfileServerOptions>(key));
        services.AddOptions<UserProfileServerOptions>(key).PostConfigure(static options => options.Push.AppId ??= options.AppId).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UserProfileServerOptions>, UserProfileServerOptionsValidator>());
        // WeChat takes credentials in the query string; the factory's default loggers write it whole on .NET 8.
        services.TryAddSingleton<WeChatHttpClientLogger>();
        services.AddHttpClient(HttpClientName).RemoveAllLoggers().AddLogger<WeChatHttpClientLogger>(wrapHandlersPipeline: true);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Diagnostics.IExceptionHandler, UserProfileExceptionHandler>());

        services.AddKeyedSingleton(key, (provider, _) => new UserProfileVerifier(Options(provider, key).OpenData, Clock(provider)));
        services.AddKeyedSingleton(key, (provider, _) => new OpenDataDecryptor(Options(provider, key).OpenData, Clock(provider)));
        // One token provider per app, over a client from the factory per request (the factory rotates handlers).
        services.AddKeyedSingleton(key, (provider, _) =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new WeChatAccessTokenProvider(() => factory.CreateClient(HttpClientName), Options(provider, key).Api, Clock(provider), Observer(provider));
        });

        // Singletons too: the login client takes a client from the factory per request (the factory rotates handlers),
        // so nothing is built per request; building the graph per request cost more than verifying the profile.
        services.AddKeyedSingleton(key, (provider, _) =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new WeChatLoginClient(
                () => factory.CreateClient(HttpClientName), Options(provider, key).Api, provider.GetRequiredKeyedService<WeChatAccessTokenProvider>(key), Clock(provider), Observer(provider));
        });
        services.AddKeyedSingleton(key, (provider, _) =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new WeChatContentSecurityClient(
                () => factory.CreateClient(HttpClientName), Options(provider, key).Api, provider.GetRequiredKeyedService<WeChatAccessTokenProvider>(key), Clock(provider), Observer(provider));
        });
        services.AddKeyedSingleton(key, (provider, _) =>
        {
            var options = Options(provider, key);
            var logger = (Microsoft.Extensions.Logging.ILogger?)provider.GetService<Microsoft.Extensions.Logging.ILogger<WeChatPushEndpoint>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            return new WeChatPushEndpoint(key, options.PushEnabled ? new WeChatPushReceiver(options.Push, Clock(provider)) : null, options.Push.MaxBodyBytes, logger);
        });
        services.AddKeyedSingleton(key, (provider, _) => new UserProfileServer(
            provider.GetRequiredKeyedService<WeChatLoginClient>(key), provider.GetRequiredService<IWeChatSessionStore>(), provider.GetRequiredKeyedService<UserProfileVerifier>(key), Clock(provider), Observer(provider)));
        services.AddKeyedSingleton(key, (provider, _) => new WeChatSessionTokens(Options(provider, key), provider.GetRequiredService<SessionTokenProtector>(), Clock(provider)));
        services.AddKeyedSingleton(key, (provider, _) => new ProfileKeeper(
            key,
            provider.GetRequiredService<IWeChatProfileStore>(),
            provider.GetRequiredService<IWeChatAvatarStore>(),
            provider.GetRequiredService<IWeChatSessionStore>(),
            provider.GetRequiredKeyedService<WeChatContentSecurityClient>(key),
            provider.GetRequiredService<AvatarCheckLinks>(),
            Options(provider, key),
            Clock(provider),
            (Microsoft.Extensions.Logging.ILogger?)provider.GetService<Microsoft.Extensions.Logging.ILogger<ProfileKeeper>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        if (first)
        {
            // Kept profiles, avatars, check links and tokens: sealed by the app's Data Protection key ring, which the
            // Redis and PostgreSQL packages keep in the engine, so every instance shares it.
            services.AddDataProtection();
            services.TryAddSingleton<AvatarRoutes>();
            services.TryAddSingleton<AvatarCheckLinks>();
            services.TryAddSingleton<SessionTokenProtector>();
            services.TryAddSingleton<IWeChatProfileStore>(provider => new InMemoryWeChatProfileStore(Clock(provider)));
            services.TryAddSingleton<IWeChatAvatarStore>(_ => new InMemoryWeChatAvatarStore());

            // The default app: the unkeyed services, for an app with one mini program.
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<UserProfileVerifier>(key));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<OpenDataDecryptor>(key));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<WeChatAccessTokenProvider>(key));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<WeChatLoginClient>(key));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<WeChatContentSecurityClient>(key));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<UserProfileServer>(key));
            services.TryAddSingleton(provider => Options(provider, key).Sessions);
            services.TryAddSingleton<IWeChatSessionStore>(provider =>
            {
                var options = Options(provider, key);
                if (provider.GetService<IDistributedCache>() is not { } cache)
                {
                    return new InMemoryWeChatSessionStore(options.Sessions, Clock(provider));
                }

                var protector = options.ProtectSessionKeys ? provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("WeChatMiniProgram.UserProfile.AspNetCore.Sessions.v1") : null;
                return new DistributedCacheWeChatSessionStore(cache, options.Sessions, protector, options.SessionKeyPrefix);
            });
        }

        return services;
    }

    private static UserProfileServerOptions Options(IServiceProvider provider, string appId) => provider.GetRequiredService<IOptionsMonitor<UserProfileServerOptions>>().Get(appId);

    // The app's own observer if it registered one, else one that logs (when logging is set up).
    private static WeChatServerObserver? Observer(IServiceProvider provider)
        => provider.GetService<WeChatServerObserver>() ?? (provider.GetService<Microsoft.Extensions.Logging.ILoggerFactory>() is { } loggers ? new LoggingWeChatServerObserver(loggers) : null);

    private static TimeProvider Clock(IServiceProvider provider) => provider.GetService<TimeProvider>() ?? TimeProvider.System;
}
