using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>
/// An <see cref="IWeChatAvatarStore"/> on Redis, beside the profiles: one hash per image (owner, media type, and the
/// bytes encrypted at rest) and one set per user naming their images, so an erasure finds every one.
/// </summary>
public sealed class RedisWeChatAvatarStore : IWeChatAvatarStore
{
    private readonly Func<Task<IConnectionMultiplexer>> _redis;
    private readonly RedisWeChatSessionStoreOptions _options;
    private readonly IDataProtector? _protector;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RedisWeChatAvatarStore"/> class.</summary>
    /// <param name="redis">The connection to Redis; share one per process.</param>
    /// <param name="options">The key prefix and the timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="protector">Encrypts the images at rest; <see langword="null"/> keeps them as they are (for tests).</param>
    /// <param name="logger">Logs engine failures; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public RedisWeChatAvatarStore(IConnectionMultiplexer redis, RedisWeChatSessionStoreOptions? options = null, IDataProtector? protector = null, ILogger<RedisWeChatAvatarStore>? logger = null)
        : this(RedisOperations.Connected(redis), options, protector, logger)
    {
    }

    internal RedisWeChatAvatarStore(Func<Task<IConnectionMultiplexer>> redis, RedisWeChatSessionStoreOptions? options, IDataProtector? protector, ILogger<RedisWeChatAvatarStore>? logger)
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
    public Task SaveAsync(KeptAvatarImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return RunAsync("avatar write", async () =>
        {
            var transaction = (await _redis().ConfigureAwait(false)).GetDatabase().CreateTransaction();
            _ = transaction.HashSetAsync(ImageKey(image.Id), [
                new("app", image.AppId), new("openid", image.OpenId), new("type", image.ContentType), new("content", StoredEntries.Seal(_protector, image.Content.ToArray())),
            ]);
            _ = transaction.SetAddAsync(OwnerKey(image.AppId, image.OpenId), image.Id);
            return await transaction.ExecuteAsync().ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<KeptAvatarImage?> GetAsync(string avatarId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(avatarId);
        return RunAsync("avatar read", async () =>
        {
            var fields = await (await _redis().ConfigureAwait(false)).GetDatabase().HashGetAsync(ImageKey(avatarId), ["app", "openid", "type", "content"]).ConfigureAwait(false);
            return fields is [{ IsNull: false } app, { IsNull: false } openId, { IsNull: false } type, { IsNull: false } content]
                ? new KeptAvatarImage(avatarId, app!, openId!, type!, StoredEntries.Open(_protector, (byte[])content!, "avatar"))
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task RemoveAsync(string appId, string openId, string avatarId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentException.ThrowIfNullOrEmpty(avatarId);
        return RunAsync("avatar erasure", async () =>
        {
            var transaction = (await _redis().ConfigureAwait(false)).GetDatabase().CreateTransaction();
            _ = transaction.KeyDeleteAsync(ImageKey(avatarId));
            _ = transaction.SetRemoveAsync(OwnerKey(appId, openId), avatarId);
            return await transaction.ExecuteAsync().ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task RemoveAllAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("avatar erasure", async () =>
        {
            var database = (await _redis().ConfigureAwait(false)).GetDatabase();
            var owner = OwnerKey(appId, openId);
            var ids = await database.SetMembersAsync(owner).ConfigureAwait(false);
            var keys = ids.Select(id => ImageKey(id!)).Append(owner).ToArray();
            return await database.KeyDeleteAsync(keys).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public override string ToString() => $"RedisWeChatAvatarStore {{ ProfileKeyPrefix = {_options.ProfileKeyPrefix}, Protected = {_protector is not null} }}";

    private Task<T> RunAsync<T>(string operation, Func<Task<T>> body, CancellationToken cancellationToken)
        => RedisOperations.RunAsync(operation, _options.Timeout, _logger, body, cancellationToken);

    private RedisKey ImageKey(string avatarId) => _options.ProfileKeyPrefix + "image:" + avatarId;

    private RedisKey OwnerKey(string appId, string openId) => _options.ProfileKeyPrefix + "images:" + appId + ":" + openId;
}
