using System.Diagnostics;
using System.Security.Cryptography;
using FluentAssertions;
using WeChatMiniProgram.UserProfile.Server;
using Xunit;

namespace WeChatMiniProgram.UserProfile.Tests.Engines;

/// <summary>
/// What every shared session store must do, run against a real engine: read back what it saved, merge concurrent logins
/// from several instances without losing a key, and answer an engine that hangs within its timeout, then recover.
/// </summary>
public abstract class WeChatSessionStoreContractTests
{
    protected const string AppId = "wx4f4bc4dec97d474b";

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>A new store instance, as another backend instance would have: its own connection to the same engine.</summary>
    protected abstract IWeChatSessionStore NewInstance(TimeSpan timeout);

    /// <summary>The engine's server process, to pause.</summary>
    protected abstract int EnginePid { get; }

    [Fact]
    public async Task SaveAsync_ThenGetAsync_ReadsTheSessionBack()
    {
        var store = NewInstance(TimeSpan.FromSeconds(5));
        var openId = NewOpenId();
        var first = new WeChatSession(AppId, openId, "uUnion", NewKey(), T0);
        var second = new WeChatSession(AppId, openId, null, NewKey(), T0.AddSeconds(1));

        await store.SaveAsync(first);
        var saved = await store.SaveAsync(second);
        var read = await store.GetAsync(AppId, openId);

        (read!.SessionKey, read.PreviousSessionKey, read.UnionId, read.IssuedAt).Should().Be((second.SessionKey, first.SessionKey, "uUnion", second.IssuedAt));
        (saved.SessionKey, saved.PreviousSessionKey).Should().Be((read.SessionKey, read.PreviousSessionKey));
        (await store.GetAsync(AppId, NewOpenId())).Should().BeNull();
        (await store.GetAsync("wx0123456789abcdef", openId)).Should().BeNull("one app's sessions never serve another");
    }

    [Fact]
    public async Task SaveAsync_ConcurrentLoginsOfOneUserOnTwoInstances_LoseNoKey()
    {
        var instances = new[] { NewInstance(TimeSpan.FromSeconds(10)), NewInstance(TimeSpan.FromSeconds(10)) };
        for (var trial = 0; trial < 20; trial++)
        {
            var openId = NewOpenId();
            var logins = Enumerable.Range(0, 16).Select(i => new WeChatSession(AppId, openId, null, NewKey(), T0.AddMilliseconds((i * 7919) % 16 * 10))).ToList();
            using var start = new ManualResetEventSlim();
            var saves = logins.Select((login, i) => Task.Run(async () =>
            {
                start.Wait();
                await instances[i % 2].SaveAsync(login);
            })).ToList();
            start.Set();
            await Task.WhenAll(saves);

            var newest = logins.OrderByDescending(l => l.IssuedAt).Take(2).ToList();
            var stored = await instances[trial % 2].GetAsync(AppId, openId);
            (stored!.SessionKey, stored.PreviousSessionKey).Should().Be((newest[0].SessionKey, newest[1].SessionKey), $"trial {trial}: the two newest of 16 concurrent logins survive, whatever the interleaving");
        }
    }

    [Fact]
    public async Task AnEngineThatHangs_FailsWithinTheTimeout_ThenServesAgain()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var store = NewInstance(timeout);
        var openId = NewOpenId();
        var login = new WeChatSession(AppId, openId, null, NewKey(), T0);
        await store.SaveAsync(login);

        TestEngines.Pause(EnginePid);
        var elapsed = Stopwatch.StartNew();
        try
        {
            await store.Invoking(s => s.GetAsync(AppId, openId)).Should().ThrowAsync<SessionStoreUnavailableException>();
            await store.Invoking(s => s.SaveAsync(new WeChatSession(AppId, openId, null, NewKey(), T0.AddSeconds(1)))).Should().ThrowAsync<SessionStoreUnavailableException>();
            elapsed.Elapsed.Should().BeLessThan(timeout * 2 + TimeSpan.FromSeconds(2), "each operation answers within its timeout, never hangs");
        }
        finally
        {
            TestEngines.Resume(EnginePid);
        }

        // Back on its own: the first operations after the pause may still meet a connection broken by it.
        WeChatSession? read = null;
        for (var attempt = 0; attempt < 5 && read is null; attempt++)
        {
            try
            {
                read = await store.GetAsync(AppId, openId);
            }
            catch (SessionStoreUnavailableException) when (attempt < 4)
            {
            }
        }

        // The save that failed was never acknowledged; the engine may still apply it on waking, so the acknowledged key
        // is current or previous.
        new[] { read!.SessionKey, read.PreviousSessionKey }.Should().Contain(login.SessionKey, "nothing acknowledged was lost");
    }

    protected static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    private static string NewOpenId() => "o" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
}
