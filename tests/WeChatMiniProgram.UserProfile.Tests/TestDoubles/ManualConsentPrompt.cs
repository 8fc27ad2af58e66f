using System.Collections.Concurrent;
using System.Threading.Channels;

namespace WeChatMiniProgram.UserProfile.Tests.TestDoubles;

/// <summary>
/// A consent prompt the test answers by hand. It records every request and how many prompts were open at once,
/// and exposes each prompt's token so tests can see it cancelled.
/// </summary>
public sealed class ManualConsentPrompt : IConsentPromptProvider
{
    private readonly Channel<PendingPrompt> _shown = Channel.CreateUnbounded<PendingPrompt>();
    private int _open;
    private int _maxOpen;

    public int MaxOpen => Volatile.Read(ref _maxOpen);

    public int Open => Volatile.Read(ref _open);

    public ConcurrentQueue<ConsentRequest> Requests { get; } = new();

    public async ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
    {
        var open = Interlocked.Increment(ref _open);
        InterlockedMax(ref _maxOpen, open);
        Requests.Enqueue(request);
        var prompt = new PendingPrompt(request, cancellationToken);
        _shown.Writer.TryWrite(prompt);
        try
        {
            return await prompt.Answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Waits until the next prompt is shown and returns it.</summary>
    public async Task<PendingPrompt> NextAsync(TimeSpan? timeout = null)
    {
        // The timeout only keeps a broken test from hanging; it does not order anything.
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _shown.Reader.ReadAsync(cts.Token);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public sealed class PendingPrompt(ConsentRequest request, CancellationToken token)
    {
        public ConsentRequest Request { get; } = request;

        public CancellationToken Token { get; } = token;

        public TaskCompletionSource<ConsentDecision> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Allow() => Answer.TrySetResult(ConsentDecision.Allow);

        public void Deny() => Answer.TrySetResult(ConsentDecision.Deny);
    }
}
