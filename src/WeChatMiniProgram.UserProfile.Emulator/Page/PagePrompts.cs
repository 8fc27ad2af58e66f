namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// The consent prompts of getUserProfile calls made with <c>consent: "ask"</c>, waiting for someone to answer them on
/// the emulator's page. Oldest first: the page shows one at a time, as a phone does.
/// </summary>
/// <remarks>
/// A prompt leaves the queue when it is answered, when its call is cancelled (the caller went away) or when its call's
/// ask timeout passes; the SDK's client cancels the wait for both.
/// </remarks>
internal sealed class PagePrompts(int capacity) : IConsentPromptProvider
{
    private readonly object _gate = new();
    private readonly List<PendingPrompt> _pending = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private long _lastId;

    /// <summary>Gets the prompts waiting for an answer, oldest first.</summary>
    public IReadOnlyList<PendingPrompt> Pending
    {
        get
        {
            lock (_gate)
            {
                // A prompt whose call was cancelled or timed out is gone at once, even before its wait has unwound.
                return [.. _pending.Where(p => !p.Cancellation.IsCancellationRequested)];
            }
        }
    }

    /// <summary>Gets a value indicating whether no more prompts may wait.</summary>
    public bool IsFull
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count >= capacity;
            }
        }
    }

    public async ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
    {
        var prompt = new PendingPrompt(Interlocked.Increment(ref _lastId), request, cancellationToken);
        lock (_gate)
        {
            if (_pending.Count >= capacity)
            {
                // The emulator checks before it calls; this is the race between two calls after that check.
                throw new InvalidOperationException($"At most {capacity} prompts may wait for an answer on the page.");
            }

            _pending.Add(prompt);
            foreach (var waiter in _waiters.Where(w => w.Count <= _pending.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }

        try
        {
            return await prompt.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _pending.Remove(prompt);
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> prompts wait at the same time: for tests, which answer them.</summary>
    public Task WhenPending(int count)
    {
        lock (_gate)
        {
            if (_pending.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>Answers a waiting prompt.</summary>
    /// <returns><see langword="false"/> when no prompt with that id is waiting (answered already, or gone).</returns>
    public bool TryAnswer(long id, ConsentDecision decision)
    {
        PendingPrompt? prompt;
        lock (_gate)
        {
            prompt = _pending.Find(p => p.Id == id && !p.Cancellation.IsCancellationRequested);
            if (prompt is not null)
            {
                _pending.Remove(prompt);
            }
        }

        return prompt is not null && prompt.TrySetAnswer(decision);
    }

    /// <summary>One prompt waiting on the page.</summary>
    internal sealed class PendingPrompt(long id, ConsentRequest request, CancellationToken cancellation)
    {
        private readonly TaskCompletionSource<ConsentDecision> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Id { get; } = id;

        public ConsentRequest Request { get; } = request;

        /// <summary>Gets the token of the call waiting for this prompt: cancelled when the caller goes away or the ask timeout passes.</summary>
        public CancellationToken Cancellation { get; } = cancellation;

        public Task<ConsentDecision> Answer => _answer.Task;

        public bool TrySetAnswer(ConsentDecision decision) => _answer.TrySetResult(decision);
    }
}
