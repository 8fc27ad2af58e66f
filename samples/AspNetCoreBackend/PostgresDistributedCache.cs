using Microsoft.Extensions.Caching.Distributed;
using Npgsql;
using NpgsqlTypes;

namespace AspNetCoreBackend;

/// <summary>
/// The sample's <see cref="IDistributedCache"/> on PostgreSQL, through Npgsql: one table, <c>userprofile_cache</c>, made on
/// first use. It exists because no .NET Redis client restores here; with Redis or SQL Server, use Microsoft's
/// <c>AddStackExchangeRedisCache</c> or <c>AddDistributedSqlServerCache</c> instead and delete this file.
/// </summary>
/// <remarks>
/// Every set is one upsert, so an entry is replaced whole. Expiry is computed by the database's clock (<c>now()</c>),
/// so instances with skewed clocks agree on it. Sliding expiration is honoured on reads and <see cref="Refresh"/>,
/// capped by any absolute expiration; an entry with neither gets <see cref="DefaultSlidingExpiration"/>. Expired rows
/// read as absent and are deleted in passing, at most once per <see cref="CleanupInterval"/> per instance.
/// </remarks>
public sealed class PostgresDistributedCache : IDistributedCache, IDisposable
{
    /// <summary>The sliding expiration of an entry set without any expiration.</summary>
    public static readonly TimeSpan DefaultSlidingExpiration = TimeSpan.FromMinutes(20);

    /// <summary>How often an instance deletes expired rows.</summary>
    public static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(5);

    private const string Schema = """
        SELECT pg_advisory_xact_lock(7210553);
        CREATE TABLE IF NOT EXISTS userprofile_cache (
            key text PRIMARY KEY,
            value bytea NOT NULL,
            expires_at timestamptz NOT NULL,
            sliding_seconds double precision NULL,
            absolute_expires_at timestamptz NULL);
        """;

    private const string SelectSql = "SELECT value, sliding_seconds IS NOT NULL FROM userprofile_cache WHERE key = $1 AND expires_at > now()";

    private const string RefreshSql = """
        UPDATE userprofile_cache
        SET expires_at = LEAST(now() + make_interval(secs => sliding_seconds), COALESCE(absolute_expires_at, 'infinity'))
        WHERE key = $1 AND expires_at > now() AND sliding_seconds IS NOT NULL
        """;

    private const string UpsertSql = """
        INSERT INTO userprofile_cache (key, value, expires_at, sliding_seconds, absolute_expires_at)
        VALUES ($1, $2,
                LEAST(COALESCE(now() + make_interval(secs => $3), 'infinity'), COALESCE($4, now() + make_interval(secs => $5), 'infinity')),
                $3, COALESCE($4, now() + make_interval(secs => $5)))
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at,
            sliding_seconds = EXCLUDED.sliding_seconds, absolute_expires_at = EXCLUDED.absolute_expires_at
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;
    private long _nextCleanupTicks;

    /// <summary>Initializes a new instance of the <see cref="PostgresDistributedCache"/> class.</summary>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=127.0.0.1;Port=5432;Username=postgres;Database=sessions</c>.</param>
    public PostgresDistributedCache(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc/>
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureSchemaAsync(token);
        await using var connection = await _dataSource.OpenConnectionAsync(token);
        byte[]? value = null;
        var sliding = false;
        await using (var select = new NpgsqlCommand(SelectSql, connection) { Parameters = { new() { Value = key } } })
        await using (var reader = await select.ExecuteReaderAsync(token))
        {
            if (await reader.ReadAsync(token))
            {
                value = (byte[])reader[0];
                sliding = reader.GetBoolean(1);
            }
        }

        if (sliding)
        {
            await using var refresh = new NpgsqlCommand(RefreshSql, connection) { Parameters = { new() { Value = key } } };
            await refresh.ExecuteNonQueryAsync(token);
        }

        return value;
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        await EnsureSchemaAsync(token);
        var sliding = options.SlidingExpiration
            ?? (options.AbsoluteExpiration is null && options.AbsoluteExpirationRelativeToNow is null ? DefaultSlidingExpiration : null);
        await using var connection = await _dataSource.OpenConnectionAsync(token);
        await using (var upsert = new NpgsqlCommand(UpsertSql, connection))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = key });
            upsert.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Bytea });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)sliding?.TotalSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)options.AbsoluteExpiration?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)options.AbsoluteExpirationRelativeToNow?.TotalSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            await upsert.ExecuteNonQueryAsync(token);
        }

        await CleanupIfDueAsync(connection, token);
    }

    /// <inheritdoc/>
    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureSchemaAsync(token);
        await using var refresh = _dataSource.CreateCommand(RefreshSql);
        refresh.Parameters.Add(new NpgsqlParameter { Value = key });
        await refresh.ExecuteNonQueryAsync(token);
    }

    /// <inheritdoc/>
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureSchemaAsync(token);
        await using var delete = _dataSource.CreateCommand("DELETE FROM userprofile_cache WHERE key = $1");
        delete.Parameters.Add(new NpgsqlParameter { Value = key });
        await delete.ExecuteNonQueryAsync(token);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _dataSource.Dispose();
        _schemaLock.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken token)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(token);
        try
        {
            if (!_schemaReady)
            {
                // The advisory lock serialises instances that start together: CREATE TABLE IF NOT EXISTS alone can race.
                await using var connection = await _dataSource.OpenConnectionAsync(token);
                await using var transaction = await connection.BeginTransactionAsync(token);
                await using (var create = new NpgsqlCommand(Schema, connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(token);
                }

                await transaction.CommitAsync(token);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task CleanupIfDueAsync(NpgsqlConnection connection, CancellationToken token)
    {
        var now = DateTime.UtcNow.Ticks;
        var due = Interlocked.Read(ref _nextCleanupTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextCleanupTicks, now + CleanupInterval.Ticks, due) != due)
        {
            return;
        }

        await using var cleanup = new NpgsqlCommand("DELETE FROM userprofile_cache WHERE expires_at <= now()", connection);
        await cleanup.ExecuteNonQueryAsync(token);
    }
}
