using System.Text;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Profiles;

/// <summary>The in-memory profile and avatar stores, and the one stored form every shared store writes.</summary>
public sealed class WeChatProfileStoreTests
{
    private const string AppId = "wx4f4bc4dec97d474b";

    private readonly TestClock _time = new();

    private WeChatProfile Profile(string openId) => new(AppId, openId)
    {
        UnionId = "uUnion",
        NickName = new KeptNickName("小明", ProfileFieldSource.FilledIn, DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds()), ProfileReviewState.Review, ContentLabels.Vulgar),
        Avatar = new KeptAvatar("id1", null, ProfileFieldSource.FilledIn, DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds()), ProfileReviewState.Checking, 0),
        Details = new KeptDetails(Gender.Female, "China", "Guangdong", "Guangzhou", "zh_CN", DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds())),
    };

    [Fact]
    public void TheStoredForm_ReadsBackEqual_AndOnlyForItsOwnUser()
    {
        var profile = Profile("oUser");
        var stored = WeChatProfileFormat.Serialize(profile);

        WeChatProfileFormat.TryDeserialize(stored, AppId, "oUser", out var read).Should().BeTrue();
        read.Should().Be(profile);
        WeChatProfileFormat.TryDeserialize(stored, AppId, "oOther", out _).Should().BeFalse("another user's key never reads this entry");
        WeChatProfileFormat.TryDeserialize(stored, "wx0123456789abcdef", "oUser", out _).Should().BeFalse();
        WeChatProfileFormat.TryDeserialize("{\"cart\":[1]}"u8, AppId, "oUser", out _).Should().BeFalse();
        WeChatProfileFormat.TryDeserialize("not json"u8, AppId, "oUser", out _).Should().BeFalse();
        Encoding.UTF8.GetString(stored).Should().Contain("\"state\":\"Review\"", "states are written by name, so a reordered enum never misreads");
    }

    [Fact]
    public async Task UpdateAsync_RunsTheChangeOnWhatIsKept_AndReturningItUnchangedWritesNothing()
    {
        var store = new InMemoryWeChatProfileStore(_time);

        var created = await store.UpdateAsync(AppId, "oUser", kept => kept ?? Profile("oUser"));
        var same = await store.UpdateAsync(AppId, "oUser", kept => kept);
        var none = await store.UpdateAsync(AppId, "oNobody", _ => null);

        same.Should().BeSameAs(created);
        none.Should().BeNull();
        (await store.GetAsync(AppId, "oNobody")).Should().BeNull();
        await store.Invoking(s => s.UpdateAsync(AppId, "oUser", kept => kept! with { OpenId = "oOther" })).Should().ThrowAsync<ArgumentException>().WithMessage("*keep the user's AppId and openid*");
    }

    [Fact]
    public async Task UpdateAsync_ManyConcurrentChangesOfDifferentFields_LoseNone()
    {
        var store = new InMemoryWeChatProfileStore(_time);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.UpdateAsync(AppId, "oUser", kept =>
            i % 2 == 0
                ? (kept ?? new WeChatProfile(AppId, "oUser")) with { NickName = new KeptNickName("n", ProfileFieldSource.FilledIn, _time.GetUtcNow(), ProfileReviewState.Pass, 100) }
                : (kept ?? new WeChatProfile(AppId, "oUser")) with { Avatar = new KeptAvatar("a", null, ProfileFieldSource.FilledIn, _time.GetUtcNow(), ProfileReviewState.Pass, 100) }))));

        var kept = await store.GetAsync(AppId, "oUser");
        (kept!.NickName?.Value, kept.Avatar?.Id).Should().Be(("n", "a"));
    }

    [Fact]
    public async Task MediaCheckTickets_ExpireAfterTheirLifetime()
    {
        var store = new InMemoryWeChatProfileStore(_time);
        var ticket = new MediaCheckTicket("trace-1", AppId, "oUser", "id1");
        await store.SaveMediaCheckAsync(ticket);

        (await store.GetMediaCheckAsync("trace-1")).Should().Be(ticket);
        _time.Advance(MediaCheckTicket.Lifetime);
        (await store.GetMediaCheckAsync("trace-1")).Should().BeNull();
    }

    [Fact]
    public async Task AvatarStore_RemoveAllAsync_ErasesEveryImageOfTheUserOnly()
    {
        var store = new InMemoryWeChatAvatarStore();
        await store.SaveAsync(new KeptAvatarImage("a1", AppId, "oUser", "image/jpeg", new byte[] { 1 }));
        await store.SaveAsync(new KeptAvatarImage("a2", AppId, "oUser", "image/jpeg", new byte[] { 2 }));
        await store.SaveAsync(new KeptAvatarImage("b1", AppId, "oOther", "image/jpeg", new byte[] { 3 }));

        await store.RemoveAsync(AppId, "oOther", "a1"); // not the owner: nothing happens
        await store.RemoveAllAsync(AppId, "oUser");

        store.Count.Should().Be(1);
        (await store.GetAsync("b1"))!.Content.ToArray().Should().Equal(3);
    }

    [Fact]
    public void ToString_ShowsNoNicknameRegionOrAvatarUrl()
    {
        var profile = Profile("oUser") with { Avatar = new KeptAvatar(null, "https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132", ProfileFieldSource.GetUserProfile, _time.GetUtcNow(), ProfileReviewState.Pass, 100) };

        var texts = new object[] { profile, profile.NickName!, profile.Avatar!, profile.Details! }.Select(o => o.ToString()!);

        texts.Should().OnlyContain(t => !t.Contains("小明") && !t.Contains("Guangzhou") && !t.Contains("thirdwx"));
    }
}
