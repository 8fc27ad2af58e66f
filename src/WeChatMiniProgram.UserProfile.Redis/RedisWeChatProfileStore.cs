using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>
/// An <see cref="IWeChatProfileStore"/> on Redis, beside the sessions: one string entry per user under
/// <see cref="RedisWeChatSessionStoreOptions.ProfileKeyPrefix"/> (<see cref="WeChatProfileFormat"/>, encrypted at rest
/// by the protector), kept until erased, and a ticket per avatar check that expires after <see cref="MediaCheckTicket.Lifetime"/>.
/// </summary>
/// <remarks>
/// An update is compare-and-swap, as a session merge is: read, apply the change, and write in a transaction conditioned
/// on the entry being exactly what was read; when another instance wrote in between, the change runs again on what it
/// wrote. So two instances updating the nickname and the avatar at the same moment lose neither.
/// </remarks>
public sealed class RedisWeChatProfileStore : IWeChatProfileStore
{
    private readonly Func<Task<IConnectionMultiplexer>> _redis;
    private readonly RedisWeChatSessionStoreOptions _options;
    private readonly IDataProtector? _protector;
    private readonly ILogger _logger;
    private readonly OpenedEntries<WeChatProfile> _opened = new();

    /// <summary>Initializes a new instance of the <see cref="RedisWeChatProfileStore"/> class.</summary>
    /// <param name="redis">The connection to Redis; share one per process.</param>
    /// <param name="options">The key prefix and the timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="protector">Encrypts profiles and tickets at rest; <see langword="null"/> keeps them as plain JSON (for tests).</param>
    /// <param name="logger">Logs engine failures; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public RedisWeChatProfileStore(IConnectionMultiplexer redis, RedisWeChatSessionStoreOptions? options = null, IDataProtector? protector = null, ILogger<RedisWeChatProfileStore>? logger = null)
        : this(RedisOperations.Connected(redis), options, protector, logger)
    {
    }

    internal RedisWeChatProfileStore(Func<Task<IConnectionMultiplexer>> redis, RedisWeChatSessionStoreOptions? options, IDataProtector? protector, ILogger<RedisWeChatProfileStore>? logger)
    {
        options ??= new RedisWeChatSessionStoreOptions();
        if (options.GetValidationErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid Redis store options: {string.Join(" ", errors)}", nameof(options));
        }

        _redis = redis;
        _options = options.Clone();
        _protector = protector;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc/>
    public Task<WeChatProfile?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("profile read", async () =>
        {
            var value = await (await _redis().ConfigureAwait(false)).GetDatabase().StringGetAsync(Key(appId, openId)).ConfigureAwait(false);
            if (value.IsNull)
            {
                _opened.Forget(appId, openId);
                return null;
            }

            return Read(value, appId, openId);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<WeChatProfile?> UpdateAsync(string appId, string openId, Func<WeChatProfile?, WeChatProfile?> update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentNullException.ThrowIfNull(update);
        var key = Key(appId, openId);
        return RunAsync("profile update", async () =>
        {
            var database = (await _redis().ConfigureAwait(false)).GetDatabase();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var value = await database.StringGetAsync(key).ConfigureAwait(false);
                var stored = value.IsNull ? null : Read(value, appId, openId);
                var updated = update(stored);
                if (updated is null || ReferenceEquals(updated, stored))
                {
                    return stored;
                }

                if (updated.AppId != appId || updated.OpenId != openId)
                {
                    throw new ArgumentException("A profile update must keep the user's AppId and openid.", nameof(update));
                }

                var transaction = database.CreateTransaction();
                transaction.AddCondition(value.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, value));
                _ = transaction.StringSetAsync(key, StoredEntries.Seal(_protector, WeChatProfileFormat.Serialize(updated)));
                if (await transaction.ExecuteAsync().ConfigureAwait(false))
                {
                    return updated;
                }
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        _opened.Forget(appId, openId);
        return RunAsync("profile erasure", async () => await (await _redis().ConfigureAwait(false)).GetDatabase().KeyDeleteAsync(Key(appId, openId)).ConfigureAwait(false), cancellationToken);
    }

    /// <inheritdoc/>
    public Task SaveMediaCheckAsync(MediaCheckTicket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return RunAsync("media-check ticket write", async () => await (await _redis().ConfigureAwait(false)).GetDatabase()
            .StringSetAsync(TicketKey(ticket.TraceId), StoredEntries.Seal(_protector, WeChatProfileFormat.Serialize(ticket)), MediaCheckTicket.Lifetime).ConfigureAwait(false), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<MediaCheckTicket?> GetMediaCheckAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(traceId);
        return RunAsync("media-check ticket read", async () =>
        {
            var value = await (await _redis().ConfigureAwait(false)).GetDatabase().StringGetAsync(TicketKey(traceId)).ConfigureAwait(false);
            return !value.IsNull && WeChatProfileFormat.TryDeserialize(StoredEntries.Open(_protector, (byte[])value!, "media-check ticket"), traceId, out var ticket) ? ticket : null;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public override string ToString() => $"RedisWeChatProfileStore {{ ProfileKeyPrefix = {_options.ProfileKeyPrefix}, Protected = {_protector is not null} }}";

    private Task<T> RunAsync<T>(string operation, Func<Task<T>> body, CancellationToken cancellationToken)
        => RedisOperations.RunAsync(operation, _options.Timeout, _logger, body, cancellationToken);

    private RedisKey Key(string appId, string openId) => _options.ProfileKeyPrefix + "user:" + appId + ":" + openId;

    private RedisKey TicketKey(string traceId) => _options.ProfileKeyPrefix + "check:" + traceId;

    private WeChatProfile Read(RedisValue value, string appId, string openId)
        => _opened.Open(appId, openId, ((ReadOnlyMemory<byte>)value).Span, stored => WeChatProfileFormat.TryDeserialize(StoredEntries.Open(_protector, stored, "profile"), appId, openId, out var profile)
            ? profile
            : throw new InvalidOperationException($"The Redis entry {Key(appId, openId)} is not a kept WeChat profile: another app writes under the same key prefix. Give each app its own ProfileKeyPrefix."));
}
