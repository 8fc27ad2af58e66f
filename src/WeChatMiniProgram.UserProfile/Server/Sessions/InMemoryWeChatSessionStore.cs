using System.Collections.Concurrent;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// An <see cref="IWeChatSessionStore"/> in this process's memory: for tests and single-instance apps. A backend on
/// several instances needs a shared store (WeChatMiniProgram.UserProfile.AspNetCore's, over <c>IDistributedCache</c>).
/// </summary>
/// <remarks>Thread-safe; a save merges atomically. Expired sessions read as absent and are removed as they are met.</remarks>
public sealed class InMemoryWeChatSessionStore : IWeChatSessionStore
{
    private readonly ConcurrentDictionary<(string AppId, string OpenId), Entry> _sessions = new();
    private readonly WeChatSessionStoreOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="InMemoryWeChatSessionStore"/> class.</summary>
    /// <param name="options">The session lifetime; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock that expires sessions; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public InMemoryWeChatSessionStore(WeChatSessionStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new WeChatSessionStoreOptions();
        OptionsErrors.ThrowIfAny(nameof(WeChatSessionStoreOptions), options.GetValidationErrors());
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public Task<WeChatSession?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (appId, openId);
        if (!_sessions.TryGetValue(key, out var entry))
        {
            return Task.FromResult<WeChatSession?>(null);
        }

        if (entry.ExpiresAt <= _timeProvider.GetUtcNow())
        {
            // Removes this entry only: a save that replaced it in the meantime stays.
            ((ICollection<KeyValuePair<(string, string), Entry>>)_sessions).Remove(new KeyValuePair<(string, string), Entry>(key, entry));
            return Task.FromResult<WeChatSession?>(null);
        }

        return Task.FromResult<WeChatSession?>(entry.Session);
    }

    /// <inheritdoc/>
    public Task<WeChatSession> SaveAsync(WeChatSession login, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var expiresAt = now + _options.SessionLifetime;
        var key = (login.AppId, login.OpenId);
        while (true)
        {
            if (_sessions.TryGetValue(key, out var stored))
            {
                var merged = new Entry(WeChatSession.Merge(stored.ExpiresAt <= now ? null : stored.Session, login), expiresAt);
                if (_sessions.TryUpdate(key, merged, stored))
                {
                    return Task.FromResult(merged.Session);
                }
            }
            else if (_sessions.TryAdd(key, new Entry(login, expiresAt)))
            {
                return Task.FromResult(login);
            }
        }
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_sessions.TryRemove((appId, openId), out _));
    }

    // A class with reference equality: TryUpdate and the expiry removal replace exactly the entry they read.
    private sealed class Entry(WeChatSession session, DateTimeOffset expiresAt)
    {
        public WeChatSession Session { get; } = session;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;
    }
}
