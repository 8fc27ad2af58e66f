using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>Registers <see cref="RedisWeChatSessionStore"/> as the app's <see cref="IWeChatSessionStore"/>.</summary>
public static class RedisWeChatSessionStoreServiceCollectionExtensions
{
    /// <summary>
    /// Makes Redis the session store: a <see cref="RedisWeChatSessionStore"/> as the <see cref="IWeChatSessionStore"/>, over the
    /// app's <see cref="IConnectionMultiplexer"/> if it registered one, else a connection of its own to <paramref name="configuration"/>,
    /// replacing any other store, so the call order with <c>AddUserProfileServer</c> does not matter.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">StackExchange.Redis's configuration string, such as <c>127.0.0.1:6379</c>.</param>
    /// <param name="configure">Configures the key prefix and the timeout.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>
    /// The multiplexer connects in the background and keeps reconnecting (<c>AbortOnConnectFail = false</c>): an app
    /// starts while Redis is down, answers 503 meanwhile, and serves again when Redis is back. The session lifetime is
    /// the registered <see cref="WeChatSessionStoreOptions"/> (AddUserProfileServer's <c>SessionLifetime</c>), else 3 days.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is <see langword="null"/> or empty.</exception>
    public static IServiceCollection AddRedisWeChatSessionStore(this IServiceCollection services, string configuration, Action<RedisWeChatSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        var options = new RedisWeChatSessionStoreOptions();
        configure?.Invoke(options);
        if (options.GetValidationErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid RedisWeChatSessionStoreOptions: {string.Join(" ", errors)}", nameof(configure));
        }

        var redis = ConfigurationOptions.Parse(configuration);
        redis.AbortOnConnectFail = false;
        var timeout = (int)options.Timeout.TotalMilliseconds;
        redis.ConnectTimeout = Math.Min(redis.ConnectTimeout, timeout);
        redis.AsyncTimeout = Math.Min(redis.AsyncTimeout, timeout);
        redis.SyncTimeout = Math.Min(redis.SyncTimeout, timeout);

        // The store's own connection (unless the app registered an IConnectionMultiplexer), made in the background: a
        // store operation waits for it within its timeout, so an app starts, and answers 503, while Redis is down.
        services.TryAddSingleton(_ => new RedisConnection(redis));
        Func<Task<IConnectionMultiplexer>> Connection(IServiceProvider provider)
            => provider.GetService<IConnectionMultiplexer>() is { } shared ? () => Task.FromResult(shared) : provider.GetRequiredService<RedisConnection>().GetAsync;

        // Sessions, profiles and avatars sealed by the app's key ring, which lives in Redis too (unless the app keeps it
        // elsewhere): every instance on this Redis opens what any other wrote, with no more set-up.
        services.AddDataProtection();
        if (options.PersistDataProtectionKeys)
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = new RedisXmlRepository(
                provider.GetService<IConnectionMultiplexer>() is { } shared ? () => shared : provider.GetRequiredService<RedisConnection>().Get,
                options.DataProtectionKey)));
        }

        services.RemoveAll<IWeChatSessionStore>();
        services.AddSingleton<IWeChatSessionStore>(provider => new RedisWeChatSessionStore(
            Connection(provider),
            options,
            provider.GetService<WeChatSessionStoreOptions>(),
            provider.GetService<ILogger<RedisWeChatSessionStore>>(),
            provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(StoredEntries.SessionsPurpose)));
        services.RemoveAll<IWeChatProfileStore>();
        services.AddSingleton<IWeChatProfileStore>(provider => new RedisWeChatProfileStore(
            Connection(provider), options, provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(StoredEntries.ProfilesPurpose), provider.GetService<ILogger<RedisWeChatProfileStore>>()));
        services.RemoveAll<IWeChatAvatarStore>();
        services.AddSingleton<IWeChatAvatarStore>(provider => new RedisWeChatAvatarStore(
            Connection(provider), options, provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(StoredEntries.AvatarsPurpose), provider.GetService<ILogger<RedisWeChatAvatarStore>>()));
        return services;
    }
}

/// <summary>The connection <see cref="RedisWeChatSessionStoreServiceCollectionExtensions.AddRedisWeChatSessionStore"/> makes, disposed with the container.</summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    // Made once, by whichever comes first: a store operation (in the background, within its timeout) or the key ring,
    // which Data Protection reads synchronously. With AbortOnConnectFail off, it returns within the connect timeout.
    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly Lazy<Task<IConnectionMultiplexer>> _background;

    public RedisConnection(ConfigurationOptions options)
    {
        _connection = new(() => ConnectionMultiplexer.Connect(options));
        _background = new(() => Task.Run(() => (IConnectionMultiplexer)_connection.Value));
    }

    public IConnectionMultiplexer Get() => _connection.Value;

    public Task<IConnectionMultiplexer> GetAsync() => _background.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await _connection.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
