using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Sessions;

public sealed class InMemoryWeChatSessionStoreTests
{
    private const string AppId = "wx4f4bc4dec97d474b";

    private readonly TestClock _time = new();

    private InMemoryWeChatSessionStore Store(TimeSpan? lifetime = null)
        => new(new WeChatSessionStoreOptions { SessionLifetime = lifetime ?? new WeChatSessionStoreOptions().SessionLifetime }, _time);

    private WeChatSession Login(string key, string openId = "oUser") => new(AppId, openId, null, key, _time.GetUtcNow());

    [Fact]
    public async Task RemoveAsync_ErasesTheUsersSessionOnly()
    {
        var store = Store();
        await store.SaveAsync(Login("tiihtNczf5v6AKRyjwEUhQ=="));
        await store.SaveAsync(Login("HyVFkGl5F5OQWJZZaNzBBg==", "oOther"));

        (await store.RemoveAsync(AppId, "oUser")).Should().BeTrue();
        (await store.RemoveAsync(AppId, "oUser")).Should().BeFalse();

        (await store.GetAsync(AppId, "oUser")).Should().BeNull();
        (await store.GetAsync(AppId, "oOther")).Should().NotBeNull();
    }

    [Fact]
    public async Task GetAsync_NothingSaved_ReturnsNull()
    {
        (await Store().GetAsync(AppId, "oUser")).Should().BeNull();
    }

    [Fact]
    public async Task SaveAsync_TwoLogins_KeepsTheLatestAsCurrentAndTheOneBeforeAsPrevious()
    {
        var store = Store();
        await store.SaveAsync(Login("k1"));
        _time.Advance(TimeSpan.FromSeconds(1));

        var saved = await store.SaveAsync(Login("k2"));

        var read = await store.GetAsync(AppId, "oUser");
        (read!.SessionKey, read.PreviousSessionKey).Should().Be(("k2", "k1"));
        saved.SessionKey.Should().Be("k2");
        (await store.GetAsync(AppId, "oOther")).Should().BeNull();
        (await store.GetAsync("wx0123456789abcdef", "oUser")).Should().BeNull("sessions are per AppId");
    }

    [Fact]
    public async Task GetAsync_AfterTheLifetime_ReturnsNull_AndALaterLoginStartsAfresh()
    {
        var store = Store(TimeSpan.FromHours(1));
        await store.SaveAsync(Login("k1"));
        _time.Advance(TimeSpan.FromMinutes(59));
        (await store.GetAsync(AppId, "oUser")).Should().NotBeNull();

        _time.Advance(TimeSpan.FromMinutes(1));
        (await store.GetAsync(AppId, "oUser")).Should().BeNull();

        await store.SaveAsync(Login("k2"));
        (await store.GetAsync(AppId, "oUser"))!.PreviousSessionKey.Should().BeNull("the expired key is not kept");
    }

    [Fact]
    public async Task SaveAsync_ALoginRestartsTheLifetime()
    {
        var store = Store(TimeSpan.FromHours(1));
        await store.SaveAsync(Login("k1"));
        _time.Advance(TimeSpan.FromMinutes(50));
        await store.SaveAsync(Login("k2"));
        _time.Advance(TimeSpan.FromMinutes(50));

        (await store.GetAsync(AppId, "oUser"))!.SessionKey.Should().Be("k2");
    }

    [Fact]
    public async Task SaveAsync_ConcurrentLoginsOfOneUser_LoseNoKey()
    {
        var store = Store();
        var logins = Enumerable.Range(0, 64).Select(i => new WeChatSession(AppId, "oUser", null, $"k{i:D2}", _time.GetUtcNow().AddMilliseconds(i))).ToArray();

        await Task.WhenAll(logins.Select(login => Task.Run(() => store.SaveAsync(login))));

        var read = await store.GetAsync(AppId, "oUser");
        (read!.SessionKey, read.PreviousSessionKey).Should().Be(("k63", "k62"));
    }

    [Fact]
    public void Constructor_NonPositiveLifetime_Throws()
    {
        var act = () => new InMemoryWeChatSessionStore(new WeChatSessionStoreOptions { SessionLifetime = TimeSpan.Zero });

        act.Should().Throw<ArgumentException>().WithMessage("*Lifetime must be positive*");
    }
}
