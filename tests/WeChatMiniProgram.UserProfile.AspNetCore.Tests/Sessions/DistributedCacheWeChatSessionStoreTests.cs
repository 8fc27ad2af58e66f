using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Sessions;

public sealed class DistributedCacheWeChatSessionStoreTests
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Key1 = "tiihtNczf5v6AKRyjwEUhQ==";
    private const string Key2 = "HyVFkGl5F5OQWJZZaNzBBg==";
    private const string Key3 = "9bFzZ0nMZ8E0Zx8V1ZWdCA==";
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private readonly MemoryDistributedCache _cache = new(Options.Create(new MemoryDistributedCacheOptions()));

    private static WeChatSession Login(string key, int seconds, string openId = "oUser") => new(AppId, openId, "uUser", key, T0.AddSeconds(seconds));

    [Fact]
    public async Task RemoveAsync_ErasesTheSessionForEveryInstance_AndErasingAgainIsNoError()
    {
        var instanceA = new DistributedCacheWeChatSessionStore(_cache);
        await instanceA.SaveAsync(Login(Key1, 0));

        (await new DistributedCacheWeChatSessionStore(_cache).RemoveAsync(AppId, "oUser")).Should().BeTrue();

        (await instanceA.GetAsync(AppId, "oUser")).Should().BeNull();
        (await instanceA.RemoveAsync(AppId, "oUser")).Should().BeFalse();
    }

    [Fact]
    public async Task SaveThenGet_FromAnotherStoreOverTheSameCache_SeesTheWrite()
    {
        var instanceA = new DistributedCacheWeChatSessionStore(_cache);
        var instanceB = new DistributedCacheWeChatSessionStore(_cache);
        await instanceA.SaveAsync(Login(Key1, 0));
        await instanceB.SaveAsync(Login(Key2, 1));

        var read = await instanceA.GetAsync(AppId, "oUser");

        (read!.SessionKey, read.IssuedAt, read.PreviousSessionKey, read.PreviousIssuedAt, read.UnionId).Should().Be((Key2, T0.AddSeconds(1), Key1, T0.AddSeconds(0), "uUser"));
        (await instanceB.GetAsync(AppId, "oOther")).Should().BeNull();
    }

    [Fact]
    public async Task SaveAsync_WritesOneEntryWithTheLifetime_AsJsonUnderThePrefix()
    {
        var recording = new RecordingCache(_cache);
        var store = new DistributedCacheWeChatSessionStore(recording, new WeChatSessionStoreOptions { SessionLifetime = TimeSpan.FromHours(5) }, keyPrefix: "myapp:");

        await store.SaveAsync(Login(Key1, 0));

        var (key, options) = recording.Sets.Single();
        key.Should().Be($"myapp:{AppId}:oUser");
        options.AbsoluteExpirationRelativeToNow.Should().Be(TimeSpan.FromHours(5));
        Encoding.UTF8.GetString((await _cache.GetAsync(key))!).Should().Contain("\"session_key\":\"" + Key1 + "\"");
    }

    [Fact]
    public async Task SaveAsync_AnotherInstanceLogsInAfterOurWrite_ItsPairKeepsOurKey()
    {
        var instanceB = new DistributedCacheWeChatSessionStore(_cache);
        var racing = new RecordingCache(_cache) { AfterSecondSet = () => instanceB.SaveAsync(Login(Key3, 2)) };
        var instanceA = new DistributedCacheWeChatSessionStore(racing);
        await instanceA.SaveAsync(Login(Key1, 0));

        var saved = await instanceA.SaveAsync(Login(Key2, 1));

        var read = await instanceB.GetAsync(AppId, "oUser");
        (read!.SessionKey, read.PreviousSessionKey).Should().Be((Key3, Key2));
        (saved.SessionKey, saved.PreviousSessionKey).Should().Be((Key3, Key2), "A reports the pair that stands");
        racing.Sets.Should().HaveCount(2, "B's pair already held A's key, so A had nothing to rewrite");
    }

    [Fact]
    public async Task SaveAsync_AnotherInstanceOverwritesOurWriteWithAPairWithoutOurKey_WeMergeAndRewrite()
    {
        await new DistributedCacheWeChatSessionStore(_cache).SaveAsync(Login(Key1, 0));
        var entryKey = $"{DistributedCacheWeChatSessionStore.DefaultKeyPrefix}{AppId}:oUser";
        var before = (await _cache.GetAsync(entryKey))!;

        // Instance B read the entry before A's write (it saw only Key1) and writes its pair after A's write.
        var racing = new RecordingCache(_cache)
        {
            AfterFirstSet = async () =>
            {
                var bView = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
                await bView.SetAsync(entryKey, before, new DistributedCacheEntryOptions());
                await new DistributedCacheWeChatSessionStore(bView).SaveAsync(Login(Key3, 2));
                await _cache.SetAsync(entryKey, (await bView.GetAsync(entryKey))!, new DistributedCacheEntryOptions());
            },
        };

        var saved = await new DistributedCacheWeChatSessionStore(racing).SaveAsync(Login(Key2, 1));

        var read = await new DistributedCacheWeChatSessionStore(_cache).GetAsync(AppId, "oUser");
        (read!.SessionKey, read.PreviousSessionKey).Should().Be((Key3, Key2), "without the read-back, B's (Key3, Key1) would have lost Key2");
        (saved.SessionKey, saved.PreviousSessionKey).Should().Be((Key3, Key2));
        racing.Sets.Should().HaveCount(2, "A wrote once, saw B's pair without its key, and wrote the merge");
    }

    [Fact]
    public async Task SaveAsync_SubMillisecondIssueTimes_WriteOnce()
    {
        var recording = new RecordingCache(_cache);
        var store = new DistributedCacheWeChatSessionStore(recording);

        var saved = await store.SaveAsync(new WeChatSession(AppId, "oUser", null, Key1, T0.AddTicks(1234)));

        recording.Sets.Should().HaveCount(1, "the read-back matches what was written");
        saved.IssuedAt.Should().Be(T0, "entries keep milliseconds");
        (await store.GetAsync(AppId, "oUser"))!.IssuedAt.Should().Be(saved.IssuedAt);
    }

    [Fact]
    public async Task SaveAsync_AnOlderLoginLandsLate_TheNewerPairStands()
    {
        var store = new DistributedCacheWeChatSessionStore(_cache);
        await store.SaveAsync(Login(Key2, 1));
        await store.SaveAsync(Login(Key3, 2));

        var saved = await store.SaveAsync(Login(Key1, 0));

        (saved.SessionKey, saved.PreviousSessionKey).Should().Be((Key3, Key2));
    }

    [Fact]
    public async Task Protected_TheEntryAtRestHoldsNoKey_AndAnotherKeyRingFailsLoudly()
    {
        var protector = new EphemeralDataProtectionProvider().CreateProtector("test");
        var store = new DistributedCacheWeChatSessionStore(_cache, protector: protector);
        await store.SaveAsync(Login(Key1, 0));
        await store.SaveAsync(Login(Key2, 1));

        var raw = Encoding.Latin1.GetString((await _cache.GetAsync($"{DistributedCacheWeChatSessionStore.DefaultKeyPrefix}{AppId}:oUser"))!);
        raw.Should().NotContain(Key1).And.NotContain(Key2).And.NotContain("session_key");
        (await store.GetAsync(AppId, "oUser"))!.PreviousSessionKey.Should().Be(Key1);

        var otherRing = new DistributedCacheWeChatSessionStore(_cache, protector: new EphemeralDataProtectionProvider().CreateProtector("test"));
        var act = () => otherRing.GetAsync(AppId, "oUser");
        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Data Protection key ring").And.NotContain(Key2);
    }

    [Fact]
    public async Task GetAsync_AnEntryThatIsNotASession_NamesTheKeyPrefix()
    {
        await _cache.SetStringAsync($"{DistributedCacheWeChatSessionStore.DefaultKeyPrefix}{AppId}:oUser", "{\"something\":\"else\"}");

        var act = () => new DistributedCacheWeChatSessionStore(_cache).GetAsync(AppId, "oUser");

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("not a WeChat mini-program session").And.Contain("SessionKeyPrefix");
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        ((Action)(() => _ = new DistributedCacheWeChatSessionStore(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => _ = new DistributedCacheWeChatSessionStore(_cache, keyPrefix: ""))).Should().Throw<ArgumentException>();
        ((Action)(() => _ = new DistributedCacheWeChatSessionStore(_cache, new WeChatSessionStoreOptions { SessionLifetime = TimeSpan.FromSeconds(-1) }))).Should().Throw<ArgumentException>().WithMessage("*Lifetime*");
        new DistributedCacheWeChatSessionStore(_cache).ToString().Should().Contain("MemoryDistributedCache");
    }

    /// <summary>Passes everything to an inner cache, records the sets, and can run another instance's work after the first set.</summary>
    private sealed class RecordingCache(IDistributedCache inner) : IDistributedCache
    {
        public List<(string Key, DistributedCacheEntryOptions Options)> Sets { get; } = [];

        public Func<Task>? AfterFirstSet { get; set; }

        public Func<Task>? AfterSecondSet { get; set; }

        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new NotSupportedException("the store is async");

        public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Sets.Add((key, options));
            await inner.SetAsync(key, value, options, token);
            var interleave = Sets.Count switch { 1 => AfterFirstSet, 2 => AfterSecondSet, _ => null };
            if (interleave is not null)
            {
                await interleave();
            }
        }

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);
    }
}
