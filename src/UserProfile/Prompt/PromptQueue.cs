namespace UserProfile.Prompt;

/// <summary>
/// A first-in, first-out async lock: one consent prompt is open at a time, and waiting calls are
/// prompted in the order they arrived. A waiter whose token is cancelled leaves the queue.
/// </summary>
internal sealed class PromptQueue
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private bool _held;

    /// <summary>Waits for this call's turn. Dispose the result to pass the turn on.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return new Turn(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        using (cancellationToken.UnsafeRegister(_ => Abandon(node, cancellationToken), null))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Turn(this);
    }

    private void Abandon(LinkedListNode<TaskCompletionSource> node, CancellationToken token)
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

    private void Exit()
    {
        TaskCompletionSource? next = null;
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

        next?.TrySetResult();
    }

    /// <summary>This call's turn at the prompt.</summary>
    internal readonly struct Turn(PromptQueue queue) : IDisposable
    {
        public void Dispose() => queue.Exit();
    }
}
