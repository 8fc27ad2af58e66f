using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Engines;

namespace WeChatMiniProgram.UserProfile.Redis.Tests;

/// <summary>The session-store contract on a real Redis, plus what is Redis's own: the entry's expiry and the DI registration.</summary>
[Collection(nameof(RedisWeChatSessionStoreTests))] // pausing the engine must not meet another class's operations
public sealed class RedisWeChatSessionStoreTests : WeChatSessionStoreContractTests, IDisposable
{
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly string _prefix = "test:" + Guid.NewGuid().ToString("N")[..8] + ":";

    protected override int EnginePid => TestEngines.RedisPid;

    public void Dispose() => _connections.ForEach(c => c.Dispose());

    protected override IWeChatSessionStore NewInstance(TimeSpan timeout)
    {
        var options = ConfigurationOptions.Parse(TestEngines.Redis);
        options.AbortOnConnectFail = false;
        var connection = ConnectionMultiplexer.Connect(options);
        _connections.Add(connection);
        return new RedisWeChatSessionStore(connection, new RedisWeChatSessionStoreOptions { KeyPrefix = _prefix, Timeout = timeout });
    }

    [Fact]
    public async Task SaveAsync_EntryExpiresOneSessionLifetimeAfterTheLatestLogin()
    {
        var connection = ConnectionMultiplexer.Connect(TestEngines.Redis);
        _connections.Add(connection);
        var store = new RedisWeChatSessionStore(connection, new RedisWeChatSessionStoreOptions { KeyPrefix = _prefix }, new WeChatSessionStoreOptions { SessionLifetime = TimeSpan.FromHours(2) });

        await store.SaveAsync(new WeChatSession(AppId, "oTtl", null, NewKey(), DateTimeOffset.UtcNow));

        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(_prefix + AppId + ":oTtl");
        ttl.Should().BeCloseTo(TimeSpan.FromHours(2), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task GetAsync_AForeignValueUnderTheKey_IsRefusedNotHalfRead()
    {
        var connection = ConnectionMultiplexer.Connect(TestEngines.Redis);
        _connections.Add(connection);
        await connection.GetDatabase().StringSetAsync(_prefix + AppId + ":oForeign", "{\"cart\":[1,2]}");
        var store = new RedisWeChatSessionStore(connection, new RedisWeChatSessionStoreOptions { KeyPrefix = _prefix });

        await store.Invoking(s => s.GetAsync(AppId, "oForeign")).Should().ThrowAsync<InvalidOperationException>().WithMessage("*Give each app its own KeyPrefix*");
    }

    [Fact]
    public async Task AddRedisWeChatSessionStore_SealsSessionKeysAtRest_WithAKeyRingInRedisThatAnotherInstanceShares()
    {
        var connection = ConnectionMultiplexer.Connect(TestEngines.Redis);
        _connections.Add(connection);
        var database = connection.GetDatabase();
        void Configure(RedisWeChatSessionStoreOptions o)
        {
            o.KeyPrefix = _prefix;
            o.ProfileKeyPrefix = _prefix + "profile:";
            o.DataProtectionKey = _prefix + "keys";
        }

        await using var first = new ServiceCollection().AddRedisWeChatSessionStore(TestEngines.Redis, Configure).BuildServiceProvider();
        await using var second = new ServiceCollection().AddRedisWeChatSessionStore(TestEngines.Redis, Configure).BuildServiceProvider();
        var key = NewKey();
        await first.GetRequiredService<IWeChatSessionStore>().SaveAsync(new WeChatSession(AppId, "oSealed", null, key, DateTimeOffset.UtcNow));

        var dump = (byte[])(await database.ExecuteAsync("DUMP", _prefix + AppId + ":oSealed"))!;
        System.Text.Encoding.Latin1.GetString(dump).Should().NotContain(key).And.NotContain(Convert.ToHexString(Convert.FromBase64String(key)));
        (await second.GetRequiredService<IWeChatSessionStore>().GetAsync(AppId, "oSealed"))!.SessionKey.Should().Be(key, "the other instance opens it with the ring Redis keeps");
        (await database.ListLengthAsync(_prefix + "keys")).Should().Be(1);
    }

    [Fact]
    public async Task AddRedisWeChatSessionStore_ReadsASessionWrittenInPlaintextByAnEarlierVersion_AndSealsItAtTheNextLogin()
    {
        var connection = ConnectionMultiplexer.Connect(TestEngines.Redis);
        _connections.Add(connection);
        var legacy = new WeChatSession(AppId, "oLegacy", null, NewKey(), DateTimeOffset.UtcNow.AddMinutes(-1));
        await connection.GetDatabase().StringSetAsync(_prefix + AppId + ":oLegacy", WeChatSessionFormat.Serialize(legacy));
        await using var provider = new ServiceCollection()
            .AddRedisWeChatSessionStore(TestEngines.Redis, o => { o.KeyPrefix = _prefix; o.ProfileKeyPrefix = _prefix + "profile:"; o.DataProtectionKey = _prefix + "keys"; }).BuildServiceProvider();
        var store = provider.GetRequiredService<IWeChatSessionStore>();

        (await store.GetAsync(AppId, "oLegacy"))!.SessionKey.Should().Be(legacy.SessionKey);
        var merged = await store.SaveAsync(new WeChatSession(AppId, "oLegacy", null, NewKey(), DateTimeOffset.UtcNow));

        merged.PreviousSessionKey.Should().Be(legacy.SessionKey);
        var raw = (byte[])(await connection.GetDatabase().StringGetAsync(_prefix + AppId + ":oLegacy"))!;
        raw[0].Should().NotBe((byte)'{', "written again, sealed");
    }

    [Fact]
    public async Task AddRedisWeChatSessionStore_ReplacesTheStore_AndUsesTheRegisteredLifetime()
    {
        var services = new ServiceCollection()
            .AddSingleton<IWeChatSessionStore>(new InMemoryWeChatSessionStore())
            .AddSingleton(new WeChatSessionStoreOptions { SessionLifetime = TimeSpan.FromHours(1) })
            .AddRedisWeChatSessionStore(TestEngines.Redis, o => o.KeyPrefix = _prefix);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IWeChatSessionStore>();
        await store.SaveAsync(new WeChatSession(AppId, "oDi", null, NewKey(), DateTimeOffset.UtcNow));

        store.Should().BeOfType<RedisWeChatSessionStore>();
        var connection = await ConnectionMultiplexer.ConnectAsync(TestEngines.Redis);
        _connections.Add(connection);
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(_prefix + AppId + ":oDi");
        ttl.Should().BeCloseTo(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        FluentActions.Invoking(() => new ServiceCollection().AddRedisWeChatSessionStore("127.0.0.1:1", o => o.Timeout = TimeSpan.Zero))
            .Should().Throw<ArgumentException>().WithMessage("*Timeout must be positive*");
    }
}
