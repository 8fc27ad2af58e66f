using Microsoft.Extensions.Caching.Distributed;
using Npgsql;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Server;

namespace AspNetCoreBackend.Tests;

/// <summary>The sample's IDistributedCache on a real PostgreSQL.</summary>
public sealed class PostgresDistributedCacheTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    private static readonly byte[] Value = [1, 2, 3, 0, 255];

    [Fact]
    public async Task SetThenGet_FromAnotherInstance_ReturnsTheBytes_AndSetReplacesWhole()
    {
        using var a = new PostgresDistributedCache(postgres.ConnectionString);
        using var b = new PostgresDistributedCache(postgres.ConnectionString);

        await a.SetAsync("k:roundtrip", Value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
        (await b.GetAsync("k:roundtrip")).Should().Equal(Value);

        await b.SetAsync("k:roundtrip", [9], new DistributedCacheEntryOptions());
        a.Get("k:roundtrip").Should().Equal(9);
        (await a.GetAsync("k:absent")).Should().BeNull();
    }

    [Fact]
    public async Task Remove_DeletesTheEntry()
    {
        using var cache = new PostgresDistributedCache(postgres.ConnectionString);
        await cache.SetAsync("k:remove", Value, new DistributedCacheEntryOptions());

        await cache.RemoveAsync("k:remove");

        (await cache.GetAsync("k:remove")).Should().BeNull();
    }

    [Fact]
    public async Task Expiry_IsTheDatabasesClock_AnEntryPastItsAbsoluteExpirationReadsAbsent()
    {
        using var cache = new PostgresDistributedCache(postgres.ConnectionString);
        await cache.SetAsync("k:past", Value, new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddHours(-1) });
        await cache.SetAsync("k:future", Value, new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddHours(1) });

        (await cache.GetAsync("k:past")).Should().BeNull();
        (await cache.GetAsync("k:future")).Should().Equal(Value);
    }

    [Fact]
    public async Task SlidingExpiration_AReadMovesItForward_CappedByTheAbsoluteOne()
    {
        using var cache = new PostgresDistributedCache(postgres.ConnectionString);
        await cache.SetAsync("k:sliding", Value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(15) });
        await Expire("k:sliding", "now() + interval '1 minute'");

        (await cache.GetAsync("k:sliding")).Should().Equal(Value);

        var left = await SecondsLeft("k:sliding");
        left.Should().BeInRange(9 * 60, 10 * 60 + 1, "the read slid it to now + 10 minutes");
        await cache.RefreshAsync("k:sliding");
        (await SecondsLeft("k:sliding")).Should().BeInRange(9 * 60, 10 * 60 + 1);
    }

    [Fact]
    public async Task TwoInstancesStartingTogether_BothCreateTheTableSafely()
    {
        var caches = Enumerable.Range(0, 4).Select(_ => new PostgresDistributedCache(postgres.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(caches.Select((cache, i) => cache.SetAsync($"k:start{i}", Value, new DistributedCacheEntryOptions())));
            (await caches[0].GetAsync("k:start3")).Should().Equal(Value);
        }
        finally
        {
            caches.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task SessionStoreOverIt_UsersLoggingInAgainOnAlternateInstances_EachEndWithTheirNewestPair()
    {
        using var a = new PostgresDistributedCache(postgres.ConnectionString);
        using var b = new PostgresDistributedCache(postgres.ConnectionString);
        var stores = new[] { new DistributedCacheWeChatSessionStore(a), new DistributedCacheWeChatSessionStore(b) };
        var t0 = DateTimeOffset.UtcNow;
        static string Key(int user, int login) => Convert.ToBase64String(BitConverter.GetBytes(user).Concat(BitConverter.GetBytes(login)).Concat(new byte[8]).ToArray());

        // 100 users at once; each logs in three times, one login after the other, alternating between the instances.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async user =>
        {
            for (var login = 0; login < 3; login++)
            {
                await stores[(user + login) % 2].SaveAsync(new WeChatSession("wx4f4bc4dec97d474b", $"oUser{user}", null, Key(user, login), t0.AddMilliseconds(login)));
            }
        }));

        for (var user = 0; user < 100; user++)
        {
            var read = await stores[user % 2].GetAsync("wx4f4bc4dec97d474b", $"oUser{user}");
            (read!.SessionKey, read.PreviousSessionKey).Should().Be((Key(user, 2), Key(user, 1)), "user {0}", user);
        }
    }

    private async Task Expire(string key, string expression)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand($"UPDATE userprofile_cache SET expires_at = {expression} WHERE key = $1", connection) { Parameters = { new() { Value = key } } };
        (await update.ExecuteNonQueryAsync()).Should().Be(1);
    }

    private async Task<double> SecondsLeft(string key)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT EXTRACT(EPOCH FROM expires_at - now())::float8 FROM userprofile_cache WHERE key = $1", connection) { Parameters = { new() { Value = key } } };
        return (double)(await select.ExecuteScalarAsync())!;
    }
}
