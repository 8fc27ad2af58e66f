using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        services.RemoveAll<IWeChatSessionStore>();
        services.AddSingleton<IWeChatSessionStore>(provider => new RedisWeChatSessionStore(
            provider.GetService<IConnectionMultiplexer>() is { } shared ? () => Task.FromResult(shared) : provider.GetRequiredService<RedisConnection>().GetAsync,
            options,
            provider.GetService<WeChatSessionStoreOptions>(),
            provider.GetService<ILogger<RedisWeChatSessionStore>>()));
        return services;
    }
}

/// <summary>The connection <see cref="RedisWeChatSessionStoreServiceCollectionExtensions.AddRedisWeChatSessionStore"/> makes, disposed with the container.</summary>
internal sealed class RedisConnection(ConfigurationOptions options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options));

    public async Task<IConnectionMultiplexer> GetAsync() => await _connection.Value.ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }
}
