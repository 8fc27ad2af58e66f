using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Engines;

namespace WeChatMiniProgram.UserProfile.PostgreSql.Tests;

/// <summary>The session-store contract on a real PostgreSQL, plus what is its own: the idempotent schema, expiry by the database clock, DI.</summary>
[Collection(nameof(PostgreSqlWeChatSessionStoreTests))]
public sealed class PostgreSqlWeChatSessionStoreTests : WeChatSessionStoreContractTests, IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly string _table = "sessions_" + Guid.NewGuid().ToString("N")[..8];

    protected override int EnginePid => TestEngines.PostgresPid;

    public void Dispose() => _dataSources.ForEach(d => d.Dispose());

    protected override IWeChatSessionStore NewInstance(TimeSpan timeout)
        => new PostgreSqlWeChatSessionStore(NewDataSource(timeout), new PostgreSqlWeChatSessionStoreOptions { TableName = _table, Timeout = timeout });

    [Fact]
    public async Task FirstUse_OnManyInstancesAtOnce_CreatesTheTableOnce()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => NewInstance(TimeSpan.FromSeconds(10))).ToList();

        await Task.WhenAll(stores.Select((s, i) => s.SaveAsync(new WeChatSession(AppId, $"oFirst{i}", null, NewKey(), DateTimeOffset.UtcNow))));

        (await Task.WhenAll(stores.Select((s, i) => s.GetAsync(AppId, $"oFirst{i}")))).Should().OnlyContain(session => session != null);
    }

    [Fact]
    public async Task GetAsync_AnExpiredRow_ReadsAsAbsentByTheDatabaseClock()
    {
        var dataSource = NewDataSource(TimeSpan.FromSeconds(5));
        var store = new PostgreSqlWeChatSessionStore(dataSource, new PostgreSqlWeChatSessionStoreOptions { TableName = _table });
        var login = new WeChatSession(AppId, "oExpired", null, NewKey(), DateTimeOffset.UtcNow);
        await store.SaveAsync(login);
        await using (var age = dataSource.CreateCommand($"UPDATE {_table} SET expires_at = now() - interval '1 second' WHERE open_id = 'oExpired'"))
        {
            (await age.ExecuteNonQueryAsync()).Should().Be(1);
        }

        (await store.GetAsync(AppId, "oExpired")).Should().BeNull();
        var relogin = await store.SaveAsync(new WeChatSession(AppId, "oExpired", null, NewKey(), DateTimeOffset.UtcNow.AddSeconds(1)));
        relogin.PreviousSessionKey.Should().BeNull("an expired session is not merged into a new login");
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=app", 20)]
    [InlineData("Host=127.0.0.1;Database=app;Maximum Pool Size=50", 50)]
    [InlineData("Host=127.0.0.1;Database=app;MaxPoolSize=7", 7)]
    public async Task AddPostgreSqlWeChatSessionStore_ASmallPoolUnlessTheConnectionStringNamesOne(string connectionString, int poolSize)
    {
        await using var provider = new ServiceCollection().AddPostgreSqlWeChatSessionStore(connectionString).BuildServiceProvider();

        new NpgsqlConnectionStringBuilder(provider.GetRequiredService<SessionDataSource>().DataSource.ConnectionString).MaxPoolSize.Should().Be(poolSize);
    }

    [Fact]
    public async Task AddPostgreSqlWeChatSessionStore_SealsSessionKeysAtRest_WithAKeyRingInTheDatabaseThatAnotherInstanceShares()
    {
        var keys = "keys_" + _table;
        void Configure(PostgreSqlWeChatSessionStoreOptions o)
        {
            o.TableName = _table;
            o.DataProtectionKeysTableName = keys;
        }

        await using var first = new ServiceCollection().AddPostgreSqlWeChatSessionStore(TestEngines.Postgres, Configure).BuildServiceProvider();
        await using var second = new ServiceCollection().AddPostgreSqlWeChatSessionStore(TestEngines.Postgres, Configure).BuildServiceProvider();
        var key = NewKey();
        await first.GetRequiredService<IWeChatSessionStore>().SaveAsync(new WeChatSession(AppId, "oSealed", null, key, DateTimeOffset.UtcNow));

        var dataSource = NewDataSource(TimeSpan.FromSeconds(5));
        await using (var dump = dataSource.CreateCommand($"SELECT entry FROM {_table} WHERE open_id = 'oSealed'"))
        {
            System.Text.Encoding.Latin1.GetString((byte[])(await dump.ExecuteScalarAsync())!).Should().NotContain(key);
        }

        (await second.GetRequiredService<IWeChatSessionStore>().GetAsync(AppId, "oSealed"))!.SessionKey.Should().Be(key, "the other instance opens it with the ring the database keeps");
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM {keys}");
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(1);
    }

    [Fact]
    public async Task AddPostgreSqlWeChatSessionStore_ReadsASessionWrittenInPlaintextByAnEarlierVersion()
    {
        var plain = new PostgreSqlWeChatSessionStore(NewDataSource(TimeSpan.FromSeconds(5)), new PostgreSqlWeChatSessionStoreOptions { TableName = _table });
        var legacy = new WeChatSession(AppId, "oLegacy", null, NewKey(), DateTimeOffset.UtcNow.AddMinutes(-1));
        await plain.SaveAsync(legacy);
        await using var provider = new ServiceCollection()
            .AddPostgreSqlWeChatSessionStore(TestEngines.Postgres, o => { o.TableName = _table; o.DataProtectionKeysTableName = "keys_" + _table; }).BuildServiceProvider();
        var store = provider.GetRequiredService<IWeChatSessionStore>();

        (await store.GetAsync(AppId, "oLegacy"))!.SessionKey.Should().Be(legacy.SessionKey);
        (await store.SaveAsync(new WeChatSession(AppId, "oLegacy", null, NewKey(), DateTimeOffset.UtcNow))).PreviousSessionKey.Should().Be(legacy.SessionKey);
    }

    [Fact]
    public async Task AddPostgreSqlWeChatSessionStore_ReplacesTheStore()
    {
        var services = new ServiceCollection()
            .AddSingleton<IWeChatSessionStore>(new InMemoryWeChatSessionStore())
            .AddPostgreSqlWeChatSessionStore(TestEngines.Postgres, o => o.TableName = _table);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IWeChatSessionStore>();
        await store.SaveAsync(new WeChatSession(AppId, "oDi", null, NewKey(), DateTimeOffset.UtcNow));

        store.Should().BeOfType<PostgreSqlWeChatSessionStore>();
        (await store.GetAsync(AppId, "oDi")).Should().NotBeNull();
        FluentActions.Invoking(() => new ServiceCollection().AddPostgreSqlWeChatSessionStore(TestEngines.Postgres, o => o.TableName = "x; DROP TABLE y"))
            .Should().Throw<ArgumentException>().WithMessage("*TableName must be a lowercase SQL identifier*");
    }

    private NpgsqlDataSource NewDataSource(TimeSpan timeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestEngines.Postgres) { CancellationTimeout = 500, Timeout = Math.Max(1, (int)timeout.TotalSeconds) };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _dataSources.Add(dataSource);
        return dataSource;
    }
}
