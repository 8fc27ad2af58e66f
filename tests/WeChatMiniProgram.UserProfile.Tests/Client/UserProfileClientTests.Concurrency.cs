using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

public sealed partial class UserProfileClientTests
{
    [Fact]
    public async Task GetUserProfileAsync_50ConcurrentCalls_NeverOverlapPromptsAndPromptInArrivalOrder()
    {
        var prompt = new ManualConsentPrompt();
        var client = TestClient.Create(prompt, configure: o => o.MaxCallsPerSecond = 1000);
        var completes = new int[50];

        var calls = Enumerable.Range(0, 50)
            .Select(i => client.GetUserProfileAsync(new Option { Desc = $"call {i}", Complete = _ => Interlocked.Increment(ref completes[i]) }))
            .ToList();

        for (var i = 0; i < 50; i++)
        {
            var next = await prompt.NextAsync();
            next.Request.Desc.Should().Be($"call {i}");
            prompt.Open.Should().Be(1);
            next.Allow();
        }

        var results = await Task.WhenAll(calls);
        results.Should().OnlyContain(r => r.ErrMsg == ErrMsgs.Ok);
        prompt.MaxOpen.Should().Be(1);
        completes.Should().OnlyContain(c => c == 1);
    }

    [Fact]
    public async Task GetUserProfileAsync_PromptTimeout_FailsWithTimeoutAndCancelsThePromptToken()
    {
        var time = new TestClock();
        var prompt = new ManualConsentPrompt();
        var client = TestClient.Create(prompt, time: time, configure: o => o.PromptTimeout = TimeSpan.FromSeconds(30));
        CallbackResult? failed = null;

        var call = client.GetUserProfileAsync(new Option { Desc = "ok", Fail = r => failed = r });
        var shown = await prompt.NextAsync();
        time.Advance(TimeSpan.FromSeconds(29));
        shown.Token.IsCancellationRequested.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        (await call.Invoking(c => c).Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be("getUserProfile:fail timeout");
        failed!.ErrMsg.Should().Be(ErrMsgs.Timeout);
        shown.Token.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task GetUserProfileAsync_CancelledDuringPrompt_EndsCancelledWithCancelErrMsgAndCancelsThePromptToken()
    {
        var prompt = new ManualConsentPrompt();
        var client = TestClient.Create(prompt, configure: o => o.PromptTimeout = TimeSpan.FromMinutes(5));
        using var cts = new CancellationTokenSource();
        var failed = new List<string>();
        var completed = 0;

        var call = client.GetUserProfileAsync(new Option { Desc = "ok", Fail = r => failed.Add(r.ErrMsg), Complete = _ => completed++ }, cts.Token);
        var shown = await prompt.NextAsync();
        await cts.CancelAsync();

        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
        call.IsCanceled.Should().BeTrue();
        failed.Should().Equal("getUserProfile:fail cancel");
        completed.Should().Be(1);
        shown.Token.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task GetUserProfileAsync_CancelledWhileQueued_LeavesTheQueueAndTheNextCallerIsPrompted()
    {
        var prompt = new ManualConsentPrompt();
        var client = TestClient.Create(prompt);
        using var cts = new CancellationTokenSource();

        var first = client.GetUserProfileAsync(new Option { Desc = "first" });
        var firstPrompt = await prompt.NextAsync();
        var queued = client.GetUserProfileAsync(new Option { Desc = "queued" }, cts.Token);
        var third = client.GetUserProfileAsync(new Option { Desc = "third" });
        await cts.CancelAsync();
        await queued.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();

        firstPrompt.Allow();
        (await first).ErrMsg.Should().Be(ErrMsgs.Ok);
        var thirdPrompt = await prompt.NextAsync();
        thirdPrompt.Request.Desc.Should().Be("third");
        thirdPrompt.Allow();
        (await third).ErrMsg.Should().Be(ErrMsgs.Ok);
        prompt.Requests.Select(r => r.Desc).Should().Equal("first", "third");
    }

    [Fact]
    public async Task GetUserProfileAsync_PromptIgnoresItsToken_CallEndsAtOnceAndTheQueueMovesOnAfterTheBound()
    {
        var ignoring = new IgnoringPrompt();
        var time = new TestClock();
        var client = TestClient.Create(ignoring, time: time);
        using var cts = new CancellationTokenSource();

        var stuck = client.GetUserProfileAsync(new Option { Desc = "stuck" }, cts.Token);
        await cts.CancelAsync();

        await stuck.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>("the caller stops waiting at once");
        ignoring.Mode = ConsentDecision.Allow;
        var next = client.GetUserProfileAsync(new Option { Desc = "next" });
        next.IsCompleted.Should().BeFalse("the abandoned prompt may still be on screen, so the next one waits");
        ignoring.Prompts.Should().Be(1);

        time.Advance(PromptQueueBound - TimeSpan.FromMilliseconds(1));
        next.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await next).ErrMsg.Should().Be(ErrMsgs.Ok, "a prompt that ignores its token holds the queue for the documented bound only");
        ignoring.Prompts.Should().Be(2);
    }

    [Fact]
    public async Task GetUserProfileAsync_CancelledPromptStillClosing_NextPromptOpensOnlyWhenItReturns()
    {
        var closing = new SlowToClosePrompt();
        var client = TestClient.Create(closing);
        using var cts = new CancellationTokenSource();

        var first = client.GetUserProfileAsync(new Option { Desc = "first" }, cts.Token);
        await closing.Opened.Task;
        await cts.CancelAsync();
        await first.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();

        var second = client.GetUserProfileAsync(new Option { Desc = "second" });
        closing.Open.Should().Be(1, "the first prompt saw its token but has not returned yet");
        second.IsCompleted.Should().BeFalse();

        closing.FinishClosing();
        (await second).ErrMsg.Should().Be(ErrMsgs.Ok);
        closing.MaxOpen.Should().Be(1, "two prompts were never open at once");
    }

    private static TimeSpan PromptQueueBound => WeChatMiniProgram.UserProfile.Prompt.PromptQueue.AbandonedHostCallBound;

    [Fact]
    public async Task GetUserProfileAsync_AlreadyCancelled_EndsCancelledWithoutPrompting()
    {
        var prompt = new InMemoryConsentPromptProvider();
        var failed = new List<string>();

        var act = () => TestClient.Create(prompt).GetUserProfileAsync(new Option { Desc = "ok", Fail = r => failed.Add(r.ErrMsg) }, new CancellationToken(true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        failed.Should().Equal(ErrMsgs.Cancel);
        prompt.Requests.Should().BeEmpty();
    }

    /// <summary>A prompt that never answers and ignores its token, until told to answer at once.</summary>
    private sealed class IgnoringPrompt : IConsentPromptProvider
    {
        private int _prompts;

        public ConsentDecision? Mode { get; set; }

        public int Prompts => Volatile.Read(ref _prompts);

        public ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _prompts);
            return Mode is { } decision ? ValueTask.FromResult(decision) : new ValueTask<ConsentDecision>(new TaskCompletionSource<ConsentDecision>().Task);
        }
    }

    /// <summary>
    /// A prompt that honours its token but takes until the test says so to close (an animation, a UI thread hop); later
    /// prompts answer Allow at once. It counts how many are open.
    /// </summary>
    private sealed class SlowToClosePrompt : IConsentPromptProvider
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _open;
        private int _maxOpen;
        private int _calls;

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Open => Volatile.Read(ref _open);

        public int MaxOpen => Volatile.Read(ref _maxOpen);

        public void FinishClosing() => _closed.TrySetResult();

        public async ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
        {
            var open = Interlocked.Increment(ref _open);
            InterlockedMax(ref _maxOpen, open);
            try
            {
                if (Interlocked.Increment(ref _calls) > 1)
                {
                    return ConsentDecision.Allow;
                }

                Opened.TrySetResult();
                var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetResult()))
                {
                    await cancelled.Task;
                }

                await _closed.Task;
                throw new OperationCanceledException(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
