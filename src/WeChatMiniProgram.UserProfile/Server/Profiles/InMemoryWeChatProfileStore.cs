using System.Collections.Concurrent;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// An <see cref="IWeChatProfileStore"/> in this process's memory: for tests and single-instance apps. A backend on
/// several instances keeps profiles where it keeps sessions (the Redis and PostgreSQL packages).
/// </summary>
/// <remarks>Thread-safe; an update is compare-and-swap on the user's entry. Tickets expire by the given clock.</remarks>
public sealed class InMemoryWeChatProfileStore : IWeChatProfileStore
{
    private readonly ConcurrentDictionary<(string AppId, string OpenId), WeChatProfile> _profiles = new();
    private readonly ConcurrentDictionary<string, (MediaCheckTicket Ticket, DateTimeOffset ExpiresAt)> _tickets = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="InMemoryWeChatProfileStore"/> class.</summary>
    /// <param name="timeProvider">The clock that expires tickets; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public InMemoryWeChatProfileStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public Task<WeChatProfile?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_profiles.TryGetValue((appId, openId), out var profile) ? profile : null);
    }

    /// <inheritdoc/>
    public Task<WeChatProfile?> UpdateAsync(string appId, string openId, Func<WeChatProfile?, WeChatProfile?> update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentNullException.ThrowIfNull(update);
        var key = (appId, openId);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = _profiles.TryGetValue(key, out var found) ? found : null;
            var updated = update(stored);
            if (updated is null || ReferenceEquals(updated, stored))
            {
                return Task.FromResult(stored);
            }

            if (!string.Equals(updated.AppId, appId, StringComparison.Ordinal) || !string.Equals(updated.OpenId, openId, StringComparison.Ordinal))
            {
                throw new ArgumentException("A profile update must keep the user's AppId and openid.", nameof(update));
            }

            if (stored is null ? _profiles.TryAdd(key, updated) : _profiles.TryUpdate(key, updated, stored))
            {
                return Task.FromResult<WeChatProfile?>(updated);
            }
        }
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_profiles.TryRemove((appId, openId), out _));
    }

    /// <inheritdoc/>
    public Task SaveMediaCheckAsync(MediaCheckTicket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        cancellationToken.ThrowIfCancellationRequested();
        _tickets[ticket.TraceId] = (ticket, _timeProvider.GetUtcNow() + MediaCheckTicket.Lifetime);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<MediaCheckTicket?> GetMediaCheckAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(traceId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_tickets.TryGetValue(traceId, out var kept) && kept.ExpiresAt > _timeProvider.GetUtcNow() ? kept.Ticket : null);
    }
}
