namespace WeChatMiniProgram.UserProfile.Prompt;

/// <summary>
/// A first-in, first-out async lock: one consent prompt is open at a time, and waiting calls are
/// prompted in the order they arrived. A waiter whose token is cancelled leaves the queue.
/// </summary>
/// <remarks>
/// A turn whose call was cancelled while host code (the prompt, the profile source, the privacy prompt) was still
/// running is passed on only when that host call returns, so a cancelled prompt that is still closing never overlaps
/// the next one. A host call that ignores its token holds the turn for at most <see cref="AbandonedHostCallBound"/>.
/// </remarks>
internal sealed class PromptQueue(TimeProvider timeProvider)
{
    /// <summary>How long a cancelled call's host code that ignores its token may keep the next prompt waiting.</summary>
    public static readonly TimeSpan AbandonedHostCallBound = TimeSpan.FromSeconds(5);

    private readonly SyncLock _gate = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _waiters = new();
    private bool _held;

    /// <summary>Waits for this call's turn. Dispose the result to pass the turn on.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<bool> waiter;
        LinkedListNode<TaskCompletionSource<bool>> node;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return new Turn(this);
            }

            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        using (cancellationToken.UnsafeRegister(_ => Abandon(node, cancellationToken), null))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Turn(this);
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<bool>> node, CancellationToken token)
    {
        lock (_gate)
        {
            // Whoever removes the node decides its outcome: Exit hands it the turn, this cancels it.
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
        }

        node.Value.TrySetCanceled(token);
    }

    private void Exit(Task? hostCall)
    {
        if (hostCall is { IsCompleted: false })
        {
            _ = ExitWhenReturnedAsync(hostCall);
            return;
        }

        Exit();
    }

    private async Task ExitWhenReturnedAsync(Task hostCall)
    {
        try
        {
            await hostCall.WaitAsync(AbandonedHostCallBound, timeProvider).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The host call's outcome was already reported to its caller; here only its end matters.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        Exit();
    }

    private void Exit()
    {
        TaskCompletionSource<bool>? next = null;
        lock (_gate)
        {
            if (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _held = false;
            }
        }

        next?.TrySetResult(true);
    }

    /// <summary>This call's turn at the prompt. Dispose it to pass the turn on.</summary>
    internal sealed class Turn(PromptQueue queue) : IDisposable
    {
        private Task? _hostCall;

        /// <summary>Notes host code still running under this turn; the turn is passed on only once it returns.</summary>
        public void Track(Task hostCall) => _hostCall = hostCall;

        public void Dispose() => queue.Exit(_hostCall);
    }
}
