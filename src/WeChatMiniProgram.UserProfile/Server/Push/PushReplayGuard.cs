using System.Collections.Concurrent;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The (timestamp, nonce) pairs received within the timestamp window, bounded; expired ones are swept as it fills.</summary>
internal sealed class PushReplayGuard(TimeProvider timeProvider, TimeSpan window)
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>Records the pair; <see langword="false"/> when it was already recorded and has not expired.</summary>
    public bool TryRecord(string key)
    {
        var now = timeProvider.GetUtcNow();
        if (_seen.Count >= Capacity)
        {
            foreach (var entry in _seen)
            {
                if (entry.Value <= now)
                {
                    _seen.TryRemove(entry.Key, out _);
                }
            }
        }

        var expires = now + (window > TimeSpan.Zero ? window + window : TimeSpan.FromDays(1));
        while (true)
        {
            if (_seen.TryAdd(key, expires))
            {
                return true;
            }

            if (_seen.TryGetValue(key, out var until) && until > now)
            {
                return false;
            }

            _seen.TryRemove(key, out _);
        }
    }

    public void Forget(string key) => _seen.TryRemove(key, out _);
}
