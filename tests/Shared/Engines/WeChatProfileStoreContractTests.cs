using System.Text;
using FluentAssertions;
using Microsoft.AspNetCore.DataProtection;
using WeChatMiniProgram.UserProfile.Server;
using Xunit;

namespace WeChatMiniProgram.UserProfile.Tests.Engines;

/// <summary>
/// What every shared profile store must do, against a real engine: read back what it kept; two instances updating the
/// nickname and the avatar of one user at the same moment lose neither; a paused engine is an outage within the timeout,
/// then serves again; an erasure leaves nothing of the user; and the engine never holds a nickname or an image in clear.
/// </summary>
public abstract class WeChatProfileStoreContractTests
{
    protected const string AppId = "wx4f4bc4dec97d474b";

    /// <summary>The key ring every instance shares (the engine keeps it in production).</summary>
    protected static readonly IDataProtectionProvider KeyRing = new EphemeralDataProtectionProvider();

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    protected abstract int EnginePid { get; }

    /// <summary>A new profile store, as another backend instance would have: its own connection to the same engine.</summary>
    protected abstract IWeChatProfileStore NewProfileStore(TimeSpan timeout);

    protected abstract IWeChatAvatarStore NewAvatarStore(TimeSpan timeout);

    /// <summary>Every byte the engine holds under this test's names, read directly (a dump).</summary>
    protected abstract Task<byte[]> DumpAsync();

    [Fact]
    public async Task UpdateAsync_ThenGetAsync_ReadsTheProfileBack()
    {
        var store = NewProfileStore(TimeSpan.FromSeconds(5));
        var openId = NewOpenId();
        var nickName = new KeptNickName("小明", ProfileFieldSource.FilledIn, T0, ProfileReviewState.Review, 20012);

        var kept = await store.UpdateAsync(AppId, openId, p => (p ?? new WeChatProfile(AppId, openId)) with { UnionId = "uUnion", NickName = nickName });
        var read = await store.GetAsync(AppId, openId);

        read.Should().Be(kept);
        (read!.UnionId, read.NickName).Should().Be(("uUnion", nickName));
        (await store.GetAsync("wx0123456789abcdef", openId)).Should().BeNull("one app's profiles never serve another");
        (await store.UpdateAsync(AppId, openId, p => p)).Should().Be(read, "returning the profile itself writes nothing");
    }

    [Fact]
    public async Task GetAsync_AfterAnotherInstanceChangedOrErasedTheProfile_ReadsWhatTheEngineHoldsNow()
    {
        var (reader, writer) = (NewProfileStore(TimeSpan.FromSeconds(5)), NewProfileStore(TimeSpan.FromSeconds(5)));
        var openId = NewOpenId();
        WeChatProfile Named(WeChatProfile? p, string name) => (p ?? new WeChatProfile(AppId, openId)) with { NickName = new(name, ProfileFieldSource.FilledIn, T0, ProfileReviewState.Pass, 100) };

        await writer.UpdateAsync(AppId, openId, p => Named(p, "first"));
        (await reader.GetAsync(AppId, openId))!.NickName!.Value.Should().Be("first");
        await writer.UpdateAsync(AppId, openId, p => Named(p, "second"));
        (await reader.GetAsync(AppId, openId))!.NickName!.Value.Should().Be("second", "the reader remembers what it opened only while the engine holds the same bytes");
        await writer.RemoveAsync(AppId, openId);
        (await reader.GetAsync(AppId, openId)).Should().BeNull();
        await writer.UpdateAsync(AppId, openId, p => Named(p, "third"));
        (await reader.GetAsync(AppId, openId))!.NickName!.Value.Should().Be("third");
    }

    [Fact]
    public async Task UpdateAsync_NickNameAndAvatarOnTwoInstancesAtOnce_LoseNeither()
    {
        var instances = new[] { NewProfileStore(TimeSpan.FromSeconds(10)), NewProfileStore(TimeSpan.FromSeconds(10)) };
        for (var trial = 0; trial < 20; trial++)
        {
            var openId = NewOpenId();
            using var start = new ManualResetEventSlim();
            var nickName = Task.Run(async () =>
            {
                start.Wait();
                await instances[0].UpdateAsync(AppId, openId, p => (p ?? new WeChatProfile(AppId, openId)) with { NickName = new("n" + trial, ProfileFieldSource.FilledIn, T0, ProfileReviewState.Pass, 100) });
            });
            var avatar = Task.Run(async () =>
            {
                start.Wait();
                await instances[1].UpdateAsync(AppId, openId, p => (p ?? new WeChatProfile(AppId, openId)) with { Avatar = new("a" + trial, null, ProfileFieldSource.FilledIn, T0, ProfileReviewState.Checking, 0) });
            });
            start.Set();
            await Task.WhenAll(nickName, avatar);

            var kept = await instances[0].GetAsync(AppId, openId);
            (kept!.NickName?.Value, kept.Avatar?.Id).Should().Be(("n" + trial, "a" + trial), "trial {0}", trial);
        }
    }

    [Fact]
    public async Task RemoveAsync_AndRemoveAllAsync_LeaveNothingOfTheUser()
    {
        var profiles = NewProfileStore(TimeSpan.FromSeconds(5));
        var avatars = NewAvatarStore(TimeSpan.FromSeconds(5));
        var openId = NewOpenId();
        await profiles.UpdateAsync(AppId, openId, _ => new WeChatProfile(AppId, openId) { NickName = new("Erased", ProfileFieldSource.FilledIn, T0, ProfileReviewState.Pass, 100) });
        await avatars.SaveAsync(new KeptAvatarImage("img1" + openId, AppId, openId, "image/jpeg", new byte[] { 1, 2, 3 }));
        await avatars.SaveAsync(new KeptAvatarImage("img2" + openId, AppId, openId, "image/jpeg", new byte[] { 4, 5, 6 }));
        var other = new KeptAvatarImage("img3" + openId, AppId, openId + "x", "image/jpeg", new byte[] { 7 });
        await avatars.SaveAsync(other);

        (await profiles.RemoveAsync(AppId, openId)).Should().BeTrue();
        await avatars.RemoveAllAsync(AppId, openId);

        (await profiles.GetAsync(AppId, openId)).Should().BeNull();
        (await avatars.GetAsync("img1" + openId)).Should().BeNull();
        (await avatars.GetAsync("img2" + openId)).Should().BeNull();
        (await avatars.GetAsync(other.Id))!.Content.ToArray().Should().Equal(7);
        (await profiles.RemoveAsync(AppId, openId)).Should().BeFalse("erasing twice is not an error");
        Encoding.Latin1.GetString(await DumpAsync()).Should().NotContain("img1" + openId).And.NotContain("img2" + openId);
    }

    [Fact]
    public async Task AvatarStore_ReadsBackWhatItKept_AndRemovesOneImage()
    {
        var avatars = NewAvatarStore(TimeSpan.FromSeconds(5));
        var openId = NewOpenId();
        var image = new KeptAvatarImage("one" + openId, AppId, openId, "image/jpeg", Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());

        await avatars.SaveAsync(image);
        var read = await avatars.GetAsync(image.Id);
        await avatars.RemoveAsync(AppId, openId, image.Id);

        (read!.AppId, read.OpenId, read.ContentType).Should().Be((AppId, openId, "image/jpeg"));
        read.Content.ToArray().Should().Equal(image.Content.ToArray());
        (await avatars.GetAsync(image.Id)).Should().BeNull();
    }

    [Fact]
    public async Task MediaCheckTickets_AreKeptByTraceId()
    {
        var store = NewProfileStore(TimeSpan.FromSeconds(5));
        var ticket = new MediaCheckTicket("trace-" + NewOpenId(), AppId, "oOwner", "avatar1");

        await store.SaveMediaCheckAsync(ticket);

        (await store.GetMediaCheckAsync(ticket.TraceId)).Should().Be(ticket);
        (await store.GetMediaCheckAsync("trace-unknown-" + NewOpenId())).Should().BeNull();
    }

    [Fact]
    public async Task TheEngine_HoldsNoNickNameOrImageInClear()
    {
        var profiles = NewProfileStore(TimeSpan.FromSeconds(5));
        var avatars = NewAvatarStore(TimeSpan.FromSeconds(5));
        var openId = NewOpenId();
        await profiles.UpdateAsync(AppId, openId, _ => new WeChatProfile(AppId, openId) { NickName = new("SecretNickName字", ProfileFieldSource.FilledIn, T0, ProfileReviewState.Pass, 100) });
        await avatars.SaveAsync(new KeptAvatarImage("dump" + openId, AppId, openId, "image/jpeg", Encoding.ASCII.GetBytes("JFIF-SECRET-PIXELS")));
        await profiles.SaveMediaCheckAsync(new MediaCheckTicket("trace-" + openId, AppId, openId, "dump" + openId));

        var dump = Encoding.UTF8.GetString(await DumpAsync()) + Encoding.Latin1.GetString(await DumpAsync());

        dump.Should().NotContain("SecretNickName").And.NotContain("JFIF-SECRET-PIXELS");
        (await profiles.GetAsync(AppId, openId))!.NickName!.Value.Should().Be("SecretNickName字");
        Encoding.ASCII.GetString((await avatars.GetAsync("dump" + openId))!.Content.Span).Should().Be("JFIF-SECRET-PIXELS");
    }

    [Fact]
    public async Task APausedEngine_IsAnOutageWithinTheTimeout_ThenServesAgain()
    {
        var store = NewProfileStore(TimeSpan.FromSeconds(1));
        var openId = NewOpenId();
        await store.UpdateAsync(AppId, openId, _ => new WeChatProfile(AppId, openId) { NickName = new("Before", ProfileFieldSource.FilledIn, T0, ProfileReviewState.Pass, 100) });

        TestEngines.Pause(EnginePid);
        try
        {
            await store.Invoking(s => s.UpdateAsync(AppId, openId, p => p! with { NickName = p.NickName! with { Value = "During" } }))
                .Should().ThrowAsync<SessionStoreUnavailableException>();
            await store.Invoking(s => s.GetAsync(AppId, openId)).Should().ThrowAsync<SessionStoreUnavailableException>();
        }
        finally
        {
            TestEngines.Resume(EnginePid);
        }

        // Back on its own: the first operations after the pause may still meet a connection broken by it.
        WeChatProfile? read = null;
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

        // The update that failed was never acknowledged; the engine may still apply it on waking.
        read!.NickName!.Value.Should().BeOneOf("Before", "During");
    }

    protected static string NewOpenId() => "o" + Guid.NewGuid().ToString("N")[..20];
}
