using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>
/// An <see cref="IWeChatSessionStore"/> on Redis, shared by every instance of a backend: one string entry per user
/// (<see cref="WeChatSessionFormat"/>), expiring <see cref="WeChatSessionStoreOptions.SessionLifetime"/> after the
/// latest login.
/// </summary>
/// <remarks>
/// A save is compare-and-swap: read the entry, merge the login into it (<see cref="WeChatSession.Merge"/>), and write the
/// merge in a transaction conditioned on the entry being exactly what was read. When another instance wrote in between,
/// the transaction does nothing and the merge runs again on what it wrote. So no interleaving of logins, on any number
/// of instances, loses a key. Every operation ends within <see cref="RedisWeChatSessionStoreOptions.Timeout"/>; an
/// unreachable or paused Redis is a <see cref="SessionStoreUnavailableException"/>, and the store works again as soon as
/// the multiplexer reconnects. With a protector, each entry is encrypted at rest: a dump of Redis shows no session key.
/// </remarks>
public sealed partial class RedisWeChatSessionStore : IWeChatSessionStore
{
    private readonly Func<Task<IConnectionMultiplexer>> _redis;
    private readonly RedisWeChatSessionStoreOptions _options;
    private readonly TimeSpan _lifetime;
    private readonly ILogger _logger;
    private readonly IDataProtector? _protector;

    /// <summary>Initializes a new instance of the <see cref="RedisWeChatSessionStore"/> class.</summary>
    /// <param name="redis">The connection to Redis; share one per process (connect with <c>AbortOnConnectFail = false</c> so it reconnects on its own).</param>
    /// <param name="options">The key prefix and the timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="sessions">The session lifetime; <see langword="null"/> for the default.</param>
    /// <param name="logger">Logs merges that met a concurrent write and engine failures; <see langword="null"/> for none.</param>
    /// <param name="protector">
    /// Encrypts entries at rest (the Data Protection key ring every instance shares); <see langword="null"/> keeps them as
    /// plain JSON. Entries written in plain JSON by earlier versions are read either way.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> or <paramref name="sessions"/> is invalid.</exception>
    public RedisWeChatSessionStore(IConnectionMultiplexer redis, RedisWeChatSessionStoreOptions? options = null, WeChatSessionStoreOptions? sessions = null, ILogger<RedisWeChatSessionStore>? logger = null, IDataProtector? protector = null)
        : this(RedisOperations.Connected(redis), options, sessions, logger, protector)
    {
    }

    /// <summary>Initializes a new instance over a connection still being made, so that the wait for it counts against the timeout too.</summary>
    internal RedisWeChatSessionStore(Func<Task<IConnectionMultiplexer>> redis, RedisWeChatSessionStoreOptions? options, WeChatSessionStoreOptions? sessions, ILogger<RedisWeChatSessionStore>? logger, IDataProtector? protector)
    {
        _protector = protector;
        options ??= new RedisWeChatSessionStoreOptions();
        sessions ??= new WeChatSessionStoreOptions();
        var errors = options.GetValidationErrors().Concat(sessions.GetValidationErrors()).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid Redis session store options: {string.Join(" ", errors)}", nameof(options));
        }

        _redis = redis;
        _options = options.Clone();
        _lifetime = sessions.SessionLifetime;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc/>
    public Task<WeChatSession?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("read", async () =>
        {
            var database = (await _redis().ConfigureAwait(false)).GetDatabase();
            var value = await database.StringGetAsync(Key(appId, openId)).ConfigureAwait(false);
            return value.IsNull ? null : Read(value, appId, openId);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<WeChatSession> SaveAsync(WeChatSession login, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        login = WeChatSessionFormat.AtStoredPrecision(login);
        var key = Key(login.AppId, login.OpenId);
        return RunAsync("merge", async () =>
        {
            var database = (await _redis().ConfigureAwait(false)).GetDatabase();
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stored = await database.StringGetAsync(key).ConfigureAwait(false);
                var merged = WeChatSession.Merge(stored.IsNull ? null : Read(stored, login.AppId, login.OpenId), login);
                var transaction = database.CreateTransaction();
                transaction.AddCondition(stored.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, stored));
                _ = transaction.StringSetAsync(key, StoredEntries.Seal(_protector, WeChatSessionFormat.Serialize(merged)), _lifetime);
                if (await transaction.ExecuteAsync().ConfigureAwait(false))
                {
                    return merged;
                }

                // Another instance wrote between the read and the write: merge again on top of what it wrote.
                LogMergeConflict(_logger, login.AppId, attempt);
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("erasure", async () => await (await _redis().ConfigureAwait(false)).GetDatabase().KeyDeleteAsync(Key(appId, openId)).ConfigureAwait(false), cancellationToken);
    }

    /// <inheritdoc/>
    public override string ToString() => $"RedisWeChatSessionStore {{ KeyPrefix = {_options.KeyPrefix}, Timeout = {_options.Timeout} }}";

    private Task<T> RunAsync<T>(string operation, Func<Task<T>> body, CancellationToken cancellationToken)
        => RedisOperations.RunAsync("session " + operation, _options.Timeout, _logger, body, cancellationToken);

    private RedisKey Key(string appId, string openId) => _options.KeyPrefix + appId + ":" + openId;

    private WeChatSession Read(RedisValue value, string appId, string openId)
        => WeChatSessionFormat.TryDeserialize(StoredEntries.Open(_protector, (byte[])value!, "session"), appId, openId, out var session)
            ? session
            : throw new InvalidOperationException(
                $"The Redis entry {Key(appId, openId)} is not a WeChat mini-program session: another app writes under the same key prefix. Give each app its own KeyPrefix.");

    [LoggerMessage(EventId = 1, EventName = "SessionMergeConflict", Level = LogLevel.Debug, Message = "A login for app {AppId} met a concurrent write to the same session (attempt {Attempt}); merging again on top of it.")]
    private static partial void LogMergeConflict(ILogger logger, string appId, int attempt);

}
