using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>Cancellation at every await point: queued, reading the profile, prompting, reading the session key.</summary>
public sealed class CancellationTests
{
    public enum Stage
    {
        Queued,
        ReadingProfile,
        Prompting,
        ReadingSessionKey,
    }

    [Theory]
    [InlineData(Stage.Queued)]
    [InlineData(Stage.ReadingProfile)]
    [InlineData(Stage.Prompting)]
    [InlineData(Stage.ReadingSessionKey)]
    public async Task GetUserProfileAsync_CancelledAtEachAwait_EndsCancelledCallbacksOnceAndTheQueueMovesOn(Stage stage)
    {
        var host = new GatedHost();
        var client = new UserProfileClient(TestClient.Options(), host, host, host);
        using var cts = new CancellationTokenSource();
        var fails = new List<string>();
        var completes = 0;

        Task<SuccessCallbackResult>? blocker = null;
        if (stage == Stage.Queued)
        {
            host.HoldPrompt = true;
            blocker = client.GetUserProfileAsync(new Option { Desc = "first" });
            await host.PromptEntered.Task;
        }
        else
        {
            host.Hold(stage);
        }

        var call = client.GetUserProfileAsync(new Option { Desc = "victim", Fail = r => fails.Add(r.ErrMsg), Complete = _ => completes++ }, cts.Token);
        if (stage != Stage.Queued)
        {
            await host.Reached(stage);
        }

        await cts.CancelAsync();

        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
        call.IsCanceled.Should().BeTrue();
        fails.Should().Equal(ErrMsgs.Cancel);
        completes.Should().Be(1);
        if (stage != Stage.Queued)
        {
            host.TokenAt(stage).IsCancellationRequested.Should().BeTrue("the host's token is cancelled with the call");
        }

        host.ReleaseAll();
        if (blocker is not null)
        {
            (await blocker).ErrMsg.Should().Be(ErrMsgs.Ok);
        }

        (await client.GetUserProfileAsync(new Option { Desc = "next" })).ErrMsg.Should().Be(ErrMsgs.Ok, "the next caller gets its prompt");
        if (stage is Stage.Queued or Stage.ReadingProfile)
        {
            host.PromptedDescs.Should().NotContain("victim", "a call cancelled before its prompt never shows one");
        }
    }

    /// <summary>All three host components, each able to block at its await until released or cancelled.</summary>
    private sealed class GatedHost : IConsentPromptProvider, IUserProfileSource, ISessionKeyProvider
    {
        private readonly string _key = TestClient.NewSessionKey();
        private readonly Dictionary<Stage, TaskCompletionSource> _reached = new();
        private readonly Dictionary<Stage, CancellationToken> _tokens = new();
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Stage? _hold;

        public bool HoldPrompt { get; set; }

        public TaskCompletionSource PromptEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> PromptedDescs { get; } = [];

        public void Hold(Stage stage)
        {
            _hold = stage;
            _reached[stage] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public Task Reached(Stage stage) => _reached[stage].Task;

        public CancellationToken TokenAt(Stage stage) => _tokens[stage];

        public void ReleaseAll()
        {
            _hold = null;
            HoldPrompt = false;
            _release.TrySetResult();
        }

        public async ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
        {
            PromptedDescs.Add(request.Desc);
            PromptEntered.TrySetResult();
            if (HoldPrompt)
            {
                await _release.Task;
            }

            await Gate(Stage.Prompting, cancellationToken);
            return ConsentDecision.Allow;
        }

        public async ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken)
        {
            await Gate(Stage.ReadingProfile, cancellationToken);
            return new UserInfo { NickName = "gated" };
        }

        public async ValueTask<string> GetSessionKeyAsync(CancellationToken cancellationToken)
        {
            await Gate(Stage.ReadingSessionKey, cancellationToken);
            return _key;
        }

        private async Task Gate(Stage stage, CancellationToken cancellationToken)
        {
            if (_hold != stage)
            {
                return;
            }

            _tokens[stage] = cancellationToken;
            _reached[stage].TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
        }
    }
}
