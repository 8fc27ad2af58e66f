namespace WeChatMiniProgram.UserProfile.Frequency;

/// <summary>
/// Admits at most N calls in any sliding one-second window, as WeChat limits getUserProfile to 4 calls a second
/// per user. A rejected call does not count towards the window. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CallRateLimiter
{
    private readonly TimeProvider _timeProvider;
    private readonly long[] _admitted;
    private readonly SyncLock _gate = new();
    private int _next;
    private int _count;

    public CallRateLimiter(int maxCallsPerSecond, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _admitted = new long[maxCallsPerSecond];
    }

    public bool TryAdmit()
    {
        var now = _timeProvider.GetTimestamp();
        lock (_gate)
        {
            // _next is the oldest admitted call once the ring is full.
            if (_count == _admitted.Length && _timeProvider.GetElapsedTime(_admitted[_next], now) < TimeSpan.FromSeconds(1))
            {
                return false;
            }

            _admitted[_next] = now;
            _next = (_next + 1) % _admitted.Length;
            _count = Math.Min(_count + 1, _admitted.Length);
            return true;
        }
    }
}
