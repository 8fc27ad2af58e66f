using Npgsql;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Engines;

namespace WeChatMiniProgram.UserProfile.PostgreSql.Tests;

/// <summary>The profile-store contract on a real PostgreSQL, sealed by a key ring as <c>AddPostgreSqlWeChatSessionStore</c> seals it.</summary>
[Collection(nameof(PostgreSqlWeChatSessionStoreTests))] // pausing the engine must not meet another class's operations
public sealed class PostgreSqlWeChatProfileStoreTests : WeChatProfileStoreContractTests, IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    protected override int EnginePid => TestEngines.PostgresPid;

    public void Dispose() => _dataSources.ForEach(d => d.Dispose());

    protected override IWeChatProfileStore NewProfileStore(TimeSpan timeout)
        => new PostgreSqlWeChatProfileStore(NewDataSource(timeout), Options(timeout), KeyRing.CreateProtector("WeChatMiniProgram.UserProfile.Profiles.v1"));

    protected override IWeChatAvatarStore NewAvatarStore(TimeSpan timeout)
        => new PostgreSqlWeChatAvatarStore(NewDataSource(timeout), Options(timeout), KeyRing.CreateProtector("WeChatMiniProgram.UserProfile.Avatars.v1"));

    protected override async Task<byte[]> DumpAsync()
    {
        var options = Options(TimeSpan.FromSeconds(5));
        var dataSource = NewDataSource(TimeSpan.FromSeconds(5));
        var dump = new List<byte>();
        foreach (var sql in new[] { $"SELECT app_id, open_id, entry FROM {options.ProfileTableName}", $"SELECT app_id, open_id, content FROM {options.AvatarTableName}", $"SELECT trace_id, trace_id, entry FROM {options.MediaCheckTableName}" })
        {
            await using var select = dataSource.CreateCommand(sql);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AddRange(System.Text.Encoding.UTF8.GetBytes(reader.GetString(0) + reader.GetString(1)));
                dump.AddRange((byte[])reader[2]);
            }
        }

        return [.. dump];
    }

    private PostgreSqlWeChatSessionStoreOptions Options(TimeSpan timeout) => new()
    {
        TableName = "sessions_" + _suffix,
        ProfileTableName = "profiles_" + _suffix,
        AvatarTableName = "avatars_" + _suffix,
        MediaCheckTableName = "checks_" + _suffix,
        DataProtectionKeysTableName = "keys_" + _suffix,
        Timeout = timeout,
    };

    private NpgsqlDataSource NewDataSource(TimeSpan timeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestEngines.Postgres) { CancellationTimeout = 500, Timeout = Math.Max(1, (int)timeout.TotalSeconds) };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _dataSources.Add(dataSource);
        return dataSource;
    }
}
