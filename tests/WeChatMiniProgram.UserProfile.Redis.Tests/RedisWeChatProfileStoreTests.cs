using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Engines;

namespace WeChatMiniProgram.UserProfile.Redis.Tests;

/// <summary>The profile-store contract on a real Redis, sealed by a key ring as <c>AddRedisWeChatSessionStore</c> seals it.</summary>
[Collection(nameof(RedisWeChatSessionStoreTests))] // pausing the engine must not meet another class's operations
public sealed class RedisWeChatProfileStoreTests : WeChatProfileStoreContractTests, IDisposable
{
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly string _prefix = "test:" + Guid.NewGuid().ToString("N")[..8] + ":";

    protected override int EnginePid => TestEngines.RedisPid;

    public void Dispose() => _connections.ForEach(c => c.Dispose());

    protected override IWeChatProfileStore NewProfileStore(TimeSpan timeout)
        => new RedisWeChatProfileStore(Connect(), Options(timeout), KeyRing.CreateProtector("WeChatMiniProgram.UserProfile.Profiles.v1"));

    protected override IWeChatAvatarStore NewAvatarStore(TimeSpan timeout)
        => new RedisWeChatAvatarStore(Connect(), Options(timeout), KeyRing.CreateProtector("WeChatMiniProgram.UserProfile.Avatars.v1"));

    protected override async Task<byte[]> DumpAsync()
    {
        var connection = Connect();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var database = connection.GetDatabase();
        var dump = new List<byte>();
        foreach (var key in server.Keys(pattern: _prefix + "*"))
        {
            dump.AddRange((byte[])(await database.ExecuteAsync("DUMP", key))!);
        }

        return [.. dump];
    }

    private RedisWeChatSessionStoreOptions Options(TimeSpan timeout) => new() { KeyPrefix = _prefix + "session:", ProfileKeyPrefix = _prefix, Timeout = timeout };

    private ConnectionMultiplexer Connect()
    {
        var options = ConfigurationOptions.Parse(TestEngines.Redis);
        options.AbortOnConnectFail = false;
        options.AllowAdmin = true;
        var connection = ConnectionMultiplexer.Connect(options);
        _connections.Add(connection);
        return connection;
    }
}
