using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>
/// An <see cref="IWeChatSessionStore"/> on PostgreSQL, shared by every instance of a backend: one row per user holding
/// the session (<see cref="WeChatSessionFormat"/>), expiring <see cref="WeChatSessionStoreOptions.SessionLifetime"/> after
/// the latest login by the database's clock, so instances with skewed clocks agree.
/// </summary>
/// <remarks>
/// A save is one transaction: the user's row is read <c>FOR UPDATE</c>, the login is merged into it
/// (<see cref="WeChatSession.Merge"/>) and the merge written back, while the row lock holds every other instance's save
/// of the same user. The first login of a user inserts with <c>ON CONFLICT DO NOTHING</c> and, if another instance
/// inserted first, merges again under the lock. So no interleaving of logins loses a key. The table is created on first
/// use under an advisory lock, so instances starting together create it once. Every operation ends within
/// <see cref="PostgreSqlWeChatSessionStoreOptions.Timeout"/>; a failed or paused database is a
/// <see cref="SessionStoreUnavailableException"/>, and the pool reconnects when it is back. With a protector, each entry
/// is encrypted at rest: a dump of the table shows no session key.
/// </remarks>
public sealed partial class PostgreSqlWeChatSessionStore : IWeChatSessionStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlWeChatSessionStoreOptions _options;
    private readonly TimeSpan _lifetime;
    private readonly ILogger _logger;
    private readonly PostgreSqlSchema _schema;
    private readonly bool _ownsSchema;
    private readonly IDataProtector? _protector;
    private readonly string _select;
    private readonly string _selectForUpdate;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _delete;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlWeChatSessionStore"/> class.</summary>
    /// <param name="dataSource">The database; share one per process.</param>
    /// <param name="options">The table and the timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="sessions">The session lifetime; <see langword="null"/> for the default.</param>
    /// <param name="logger">Logs engine failures; <see langword="null"/> for none.</param>
    /// <param name="protector">
    /// Encrypts entries at rest (the Data Protection key ring every instance shares); <see langword="null"/> keeps them as
    /// plain JSON. Entries written in plain JSON by earlier versions are read either way.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> or <paramref name="sessions"/> is invalid.</exception>
    public PostgreSqlWeChatSessionStore(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions? options = null, WeChatSessionStoreOptions? sessions = null, ILogger<PostgreSqlWeChatSessionStore>? logger = null, IDataProtector? protector = null)
        : this(dataSource, options, sessions, logger, protector, null)
    {
    }

    internal PostgreSqlWeChatSessionStore(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions? options, WeChatSessionStoreOptions? sessions, ILogger<PostgreSqlWeChatSessionStore>? logger, IDataProtector? protector, PostgreSqlSchema? schema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlWeChatSessionStoreOptions();
        sessions ??= new WeChatSessionStoreOptions();
        var errors = options.GetValidationErrors().Concat(sessions.GetValidationErrors()).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid PostgreSQL session store options: {string.Join(" ", errors)}", nameof(options));
        }

        _dataSource = dataSource;
        _options = options.Clone();
        _lifetime = sessions.SessionLifetime;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _protector = protector;
        _ownsSchema = schema is null;
        _schema = schema ?? new PostgreSqlSchema(dataSource, _options);

        // The table name is a validated identifier; every value goes in as a parameter.
        var table = _options.TableName;
        _select = $"SELECT entry FROM {table} WHERE app_id = $1 AND open_id = $2 AND expires_at > now()";
        _selectForUpdate = $"SELECT entry, expires_at > now() FROM {table} WHERE app_id = $1 AND open_id = $2 FOR UPDATE";
        _insert = $"INSERT INTO {table} (app_id, open_id, entry, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4)) ON CONFLICT DO NOTHING";
        _delete = $"DELETE FROM {table} WHERE app_id = $1 AND open_id = $2";
        _update = $"UPDATE {table} SET entry = $3, expires_at = now() + make_interval(secs => $4) WHERE app_id = $1 AND open_id = $2";
    }

    /// <inheritdoc/>
    public Task<WeChatSession?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("read", async token =>
        {
            var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var select = new NpgsqlCommand(_select, connection) { Parameters = { new() { Value = appId }, new() { Value = openId } } };
            await using var selectScope = select.ConfigureAwait(false);
            return await select.ExecuteScalarAsync(token).ConfigureAwait(false) is byte[] entry ? Read(entry, appId, openId) : null;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<WeChatSession> SaveAsync(WeChatSession login, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        login = WeChatSessionFormat.AtStoredPrecision(login);
        return RunAsync("merge", async token =>
        {
            var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await using var transactionScope = transaction.ConfigureAwait(false);
                var (exists, stored) = await ReadForUpdateAsync(connection, transaction, login, token).ConfigureAwait(false);
                var merged = WeChatSession.Merge(stored, login);
                var write = new NpgsqlCommand(exists ? _update : _insert, connection, transaction)
                {
                    Parameters = { new() { Value = login.AppId }, new() { Value = login.OpenId }, new() { Value = StoredEntries.Seal(_protector, WeChatSessionFormat.Serialize(merged)) }, new() { Value = _lifetime.TotalSeconds } },
                };
                await using var writeScope = write.ConfigureAwait(false);
                if (await write.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1)
                {
                    await transaction.CommitAsync(token).ConfigureAwait(false);
                    return merged;
                }

                // Another instance inserted this user's first row in between: merge again, under its row lock.
                await transaction.RollbackAsync(token).ConfigureAwait(false);
                LogMergeConflict(_logger, login.AppId, attempt);
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("erasure", async token =>
        {
            var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var delete = new NpgsqlCommand(_delete, connection) { Parameters = { new() { Value = appId }, new() { Value = openId } } };
            await using var deleteScope = delete.ConfigureAwait(false);
            return await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false) > 0;
        }, cancellationToken);
    }

    /// <summary>Releases the lock that guards the tables' creation; the data source is the caller's.</summary>
    public void Dispose()
    {
        if (_ownsSchema)
        {
            _schema.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"PostgreSqlWeChatSessionStore {{ TableName = {_options.TableName}, Timeout = {_options.Timeout} }}";

    private Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        => PostgreSqlOperations.RunAsync("session " + operation, _schema, _options.Timeout, _logger, body, cancellationToken);

    private async Task<(bool Exists, WeChatSession? Stored)> ReadForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WeChatSession login, CancellationToken cancellationToken)
    {
        var select = new NpgsqlCommand(_selectForUpdate, connection, transaction) { Parameters = { new() { Value = login.AppId }, new() { Value = login.OpenId } } };
        await using var selectScope = select.ConfigureAwait(false);
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (false, null);
        }

        // An expired row is there to lock and overwrite, but merges as absent.
        return (true, reader.GetBoolean(1) ? Read((byte[])reader[0], login.AppId, login.OpenId) : null);
    }

    private WeChatSession Read(byte[] entry, string appId, string openId)
        => WeChatSessionFormat.TryDeserialize(StoredEntries.Open(_protector, entry, "session"), appId, openId, out var session)
            ? session
            : throw new InvalidOperationException(
                $"The row of {_options.TableName} for app {appId} is not a WeChat mini-program session: another app writes to the same table. Give each app its own TableName.");

    [LoggerMessage(EventId = 1, EventName = "SessionMergeConflict", Level = LogLevel.Debug, Message = "A first login for app {AppId} met another instance's insert of the same user (attempt {Attempt}); merging again under its row lock.")]
    private static partial void LogMergeConflict(ILogger logger, string appId, int attempt);

}
