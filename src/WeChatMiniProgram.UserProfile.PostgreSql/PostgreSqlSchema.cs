using Npgsql;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>
/// Creates the stores' tables on first use, once per data source, under an advisory lock so instances starting together
/// create them once: sessions, profiles, avatars, media checks and the Data Protection key ring.
/// </summary>
internal sealed class PostgreSqlSchema(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions options) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var create = new NpgsqlCommand(Ddl, connection, transaction);
            await using (create.ConfigureAwait(false))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _ready = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>For the key ring, which Data Protection reads synchronously.</summary>
    public void Ensure()
    {
        if (_ready)
        {
            return;
        }

        _lock.Wait();
        try
        {
            if (_ready)
            {
                return;
            }

            using var connection = dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using (var create = new NpgsqlCommand(Ddl, connection, transaction))
            {
                create.ExecuteNonQuery();
            }

            transaction.Commit();
            _ready = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    // Table names are validated identifiers (PostgreSqlWeChatSessionStoreOptions); no value is ever spliced in.
    private string Ddl => $"""
        SELECT pg_advisory_xact_lock(4837201);
        CREATE TABLE IF NOT EXISTS {options.TableName} (
            app_id text NOT NULL,
            open_id text NOT NULL,
            entry bytea NOT NULL,
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (app_id, open_id));
        CREATE TABLE IF NOT EXISTS {options.ProfileTableName} (
            app_id text NOT NULL,
            open_id text NOT NULL,
            entry bytea NOT NULL,
            PRIMARY KEY (app_id, open_id));
        CREATE TABLE IF NOT EXISTS {options.AvatarTableName} (
            id text PRIMARY KEY,
            app_id text NOT NULL,
            open_id text NOT NULL,
            content_type text NOT NULL,
            content bytea NOT NULL);
        CREATE INDEX IF NOT EXISTS {options.AvatarTableName.Replace('.', '_')}_owner ON {options.AvatarTableName} (app_id, open_id);
        CREATE TABLE IF NOT EXISTS {options.MediaCheckTableName} (
            trace_id text PRIMARY KEY,
            entry bytea NOT NULL,
            expires_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS {options.DataProtectionKeysTableName} (
            friendly_name text NOT NULL,
            xml text NOT NULL,
            stored_at timestamptz NOT NULL DEFAULT now());
        """;
}
