using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// An <see cref="IWeChatSessionStore"/> over any <see cref="IDistributedCache"/> (Redis, SQL Server, PostgreSQL, ...),
/// so every instance of a backend sees the sessions of every login. Each user's session is one cache entry, keyed
/// <c>{prefix}{AppId}:{openid}</c>, holding the current and the previous key with their issue times.
/// </summary>
/// <remarks>
/// <para>
/// <b>Concurrent logins without compare-and-swap.</b> <see cref="IDistributedCache"/> can only get, set and remove
/// whole entries. A login therefore (1) reads the entry, (2) writes <see cref="WeChatSession.Merge"/> of it and the new
/// key, and (3) reads the entry back. When another instance's write replaced it in between with a pair that lacks the
/// new key, the login merges again and rewrites, up to <see cref="MaxWriteAttempts"/> times. Because the merge orders
/// keys by issue time and is commutative, two instances that see each other's writes settle on the same pair: the
/// newest key current, the one before it previous (a tie in issue time goes to the login being stored). Because the pair is one entry, written whole, no reader ever sees
/// half of it. The one case the read-back cannot see is the other instance reading before this write and writing
/// after this read-back, which takes two logins of the same user inside one cache round trip: then the later write's
/// pair stands, still a consistent pair (a key and the key it replaced), and the other new key is unknown to the store.
/// </para>
/// <para>
/// <b>At rest</b> the entry holds the AppId, openid, unionid, both session keys and their issue times, as JSON. With an
/// <see cref="IDataProtector"/> the whole entry is encrypted and authenticated first; an entry that does not unprotect
/// (another key ring) fails loudly rather than reading as absent.
/// </para>
/// </remarks>
public sealed class DistributedCacheWeChatSessionStore : IWeChatSessionStore
{
    /// <summary>The default prefix of the entries' cache keys.</summary>
    public const string DefaultKeyPrefix = "userprofile:session:";

    /// <summary>How many times a login writes when other instances' writes keep replacing its own.</summary>
    public const int MaxWriteAttempts = 4;

    private readonly IDistributedCache _cache;
    private readonly TimeSpan _lifetime;
    private readonly IDataProtector? _protector;
    private readonly string _keyPrefix;

    /// <summary>Initializes a new instance of the <see cref="DistributedCacheWeChatSessionStore"/> class.</summary>
    /// <param name="cache">The shared cache.</param>
    /// <param name="options">The sessions' lifetime; <see langword="null"/> for the default.</param>
    /// <param name="protector">Encrypts entries at rest, or <see langword="null"/> to store them as plain JSON.</param>
    /// <param name="keyPrefix">The prefix of the entries' cache keys.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cache"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid, or <paramref name="keyPrefix"/> is empty.</exception>
    public DistributedCacheWeChatSessionStore(IDistributedCache cache, WeChatSessionStoreOptions? options = null, IDataProtector? protector = null, string keyPrefix = DefaultKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        var given = options ?? new WeChatSessionStoreOptions();
        if (given.GetValidationErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid WeChatSessionStoreOptions: {string.Join(" ", errors)}", nameof(options));
        }

        _cache = cache;
        _lifetime = given.SessionLifetime;
        _protector = protector;
        _keyPrefix = keyPrefix;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The stored entry cannot be read: another Data Protection key ring, or not a session entry.</exception>
    public async Task<WeChatSession?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        var bytes = await _cache.GetAsync(CacheKey(appId, openId), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : Read(bytes, appId, openId);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The stored entry cannot be read: another Data Protection key ring, or not a session entry.</exception>
    public async Task<WeChatSession> SaveAsync(WeChatSession login, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        login = WeChatSessionFormat.AtStoredPrecision(login);
        var key = CacheKey(login.AppId, login.OpenId);
        var entryOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _lifetime };
        var stored = await GetAsync(login.AppId, login.OpenId, cancellationToken).ConfigureAwait(false);
        var merged = WeChatSession.Merge(stored, login);
        for (var attempt = 1; ; attempt++)
        {
            await _cache.SetAsync(key, Write(merged), entryOptions, cancellationToken).ConfigureAwait(false);
            var readBack = await GetAsync(login.AppId, login.OpenId, cancellationToken).ConfigureAwait(false);
            if (readBack is null || SamePair(readBack, merged) || attempt == MaxWriteAttempts)
            {
                return merged;
            }

            // Another instance wrote in between. Keep its keys and ours; if its pair already is the merge, it stands.
            var settled = WeChatSession.Merge(readBack, merged);
            if (SamePair(settled, readBack))
            {
                return readBack;
            }

            merged = settled;
        }
    }

    /// <inheritdoc/>
    /// <remarks><see cref="IDistributedCache"/> does not say whether an entry was there: the answer is whether one was read just before.</remarks>
    public async Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        var key = CacheKey(appId, openId);
        var existed = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;
        await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        return existed;
    }

    /// <inheritdoc/>
    public override string ToString() => $"DistributedCacheWeChatSessionStore {{ Cache = {_cache.GetType().Name}, KeyPrefix = {_keyPrefix}, Protected = {_protector is not null} }}";

    // A key identifies its login, so two pairs with the same keys are the same pair.
    private static bool SamePair(WeChatSession a, WeChatSession b)
        => string.Equals(a.SessionKey, b.SessionKey, StringComparison.Ordinal) && string.Equals(a.PreviousSessionKey, b.PreviousSessionKey, StringComparison.Ordinal);

    private string CacheKey(string appId, string openId) => _keyPrefix + appId + ":" + openId;

    private byte[] Write(WeChatSession session)
    {
        var json = WeChatSessionFormat.Serialize(session);
        return _protector is null ? json : _protector.Protect(json);
    }

    private WeChatSession Read(byte[] bytes, string appId, string openId)
    {
        byte[] json;
        try
        {
            json = _protector is null ? bytes : _protector.Unprotect(bytes);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException(
                $"The session entry for openid {openId} cannot be unprotected: the instances do not share one Data Protection key ring (configure PersistKeysTo... and SetApplicationName alike on all), or the entry was written without protection.");
        }

        return WeChatSessionFormat.TryDeserialize(json, appId, openId, out var session)
            ? session
            : throw new InvalidOperationException(
                $"The cache entry {CacheKey(appId, openId)} is not a WeChat mini-program session (another app writes under the same key prefix, or the entry was written {(_protector is null ? "with" : "without")} Data Protection). Give each app its own SessionKeyPrefix.");
    }
}
