using Microsoft.Extensions.Time.Testing;

namespace WeChatMiniProgram.UserProfile.Tests.TestDoubles;

/// <summary>
/// The tests' clock: <see cref="FakeTimeProvider"/> from Microsoft.Extensions.TimeProvider.Testing, started at the real
/// current time (whole seconds, as watermarks carry) unless a test names a start, plus the one hook the retry tests
/// need: <see cref="WhenTimersCreated"/>, to know a delay is waiting on the clock before moving it.
/// </summary>
/// <remarks>
/// A test that involves both halves gives this one clock to both. Starting at the real time keeps anything that still
/// reads the system clock (a library default a test did not override) consistent with it on any date.
/// </remarks>
public sealed class TestClock : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _timerWaiters = [];
    private int _created;

    public TestClock(DateTimeOffset? start = null)
        : base(start ?? DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> reached;
        lock (_gate)
        {
            _created++;
            reached = _timerWaiters.Where(w => w.Count <= _created).Select(w => w.Done).ToList();
            _timerWaiters.RemoveAll(w => w.Count <= _created);
        }

        reached.ForEach(done => done.TrySetResult());
        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers have been created on this clock: a delay is waiting on it.</summary>
    public Task WhenTimersCreated(int count)
    {
        lock (_gate)
        {
            if (_created >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add((count, done));
            return done.Task;
        }
    }
}
