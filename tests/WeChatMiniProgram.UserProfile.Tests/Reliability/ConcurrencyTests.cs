using WeChatMiniProgram.UserProfile.Tests.TestDoubles;
using Xunit.Abstractions;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>Concurrent callers never lose a result, never share a prompt and never get each other's data.</summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task GetUserProfileAsync_10000ConcurrentCalls_OnePromptAtATimeAndNoMixedResults()
    {
        const int Calls = 10_000;
        var prompt = new RandomlyAnsweringPrompt(seed: 10_000);
        var source = new CountingProfileSource();
        var client = TestClient.Create(prompt, source, configure: o => o.MaxCallsPerSecond = 0);
        var completes = new int[Calls];
        var time = System.Diagnostics.Stopwatch.StartNew();

        var calls = Enumerable.Range(0, Calls).Select(i => Task.Run(async () =>
        {
            var desc = $"call {i}";
            try
            {
                var result = await client.GetUserProfileAsync(new Option { Desc = desc, Complete = _ => Interlocked.Increment(ref completes[i]) });
                return (desc, result.UserInfo.NickName, Allowed: true);
            }
            catch (UserProfileException ex) when (ex.ErrMsg == ErrMsgs.AuthDeny)
            {
                return (desc, (string?)null, Allowed: false);
            }
        })).ToArray();

        var outcomes = await Task.WhenAll(calls);

        output.WriteLine($"{Calls:N0} calls in {time.Elapsed.TotalSeconds:F2} s; max open prompts {prompt.MaxOpen}; allowed {outcomes.Count(o => o.Allowed):N0}");
        prompt.MaxOpen.Should().Be(1);
        prompt.Shown.Should().HaveCount(Calls);
        completes.Should().OnlyContain(c => c == 1);
        foreach (var (desc, nickName, allowed) in outcomes)
        {
            var shown = prompt.Shown[desc];
            allowed.Should().Be(shown.Decision == ConsentDecision.Allow);
            if (allowed)
            {
                nickName.Should().Be(shown.PreviewNickName, "each caller gets the profile its own prompt previewed");
            }
        }
    }

    /// <summary>Answers each prompt from another thread, Allow or Deny at random, and records what it was shown.</summary>
    private sealed class RandomlyAnsweringPrompt(int seed) : IConsentPromptProvider
    {
        private readonly Random _random = new(seed);
        private readonly object _gate = new();
        private int _open;

        public int MaxOpen { get; private set; }

        public System.Collections.Concurrent.ConcurrentDictionary<string, (string PreviewNickName, ConsentDecision Decision)> Shown { get; } = new();

        public async ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
        {
            ConsentDecision decision;
            lock (_gate)
            {
                MaxOpen = Math.Max(MaxOpen, ++_open);
                decision = _random.Next(2) == 0 ? ConsentDecision.Allow : ConsentDecision.Deny;
            }

            Shown[request.Desc] = (request.Preview.NickName, decision);
            var answer = await Task.Run(() => decision, cancellationToken);
            lock (_gate)
            {
                _open--;
            }

            return answer;
        }
    }

    /// <summary>Returns a different nickname on every read, so a mixed-up result would show.</summary>
    private sealed class CountingProfileSource : IUserProfileSource
    {
        private int _reads;

        public async ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return new UserInfo { NickName = $"user {Interlocked.Increment(ref _reads)}" };
        }
    }
}
