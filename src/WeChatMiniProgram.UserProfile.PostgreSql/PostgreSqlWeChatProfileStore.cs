using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>
/// An <see cref="IWeChatProfileStore"/> on PostgreSQL, beside the sessions: one row per user in
/// <see cref="PostgreSqlWeChatSessionStoreOptions.ProfileTableName"/> (<see cref="WeChatProfileFormat"/>, encrypted at
/// rest by the protector), and a row per avatar check that expires after <see cref="MediaCheckTicket.Lifetime"/>.
/// </summary>
/// <remarks>
/// An update is one transaction: the user's row is read <c>FOR UPDATE</c>, the change applied and written back while the
/// row lock holds every other instance's update of the same user; a first profile inserts with <c>ON CONFLICT DO
/// NOTHING</c> and, if another instance inserted first, runs again under its lock. So two instances updating the
/// nickname and the avatar at the same moment lose neither.
/// </remarks>
public sealed class PostgreSqlWeChatProfileStore : IWeChatProfileStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlWeChatSessionStoreOptions _options;
    private readonly IDataProtector? _protector;
    private readonly ILogger _logger;
    private readonly PostgreSqlSchema _schema;
    private readonly bool _ownsSchema;
    private readonly OpenedEntries<WeChatProfile> _opened = new();

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlWeChatProfileStore"/> class.</summary>
    /// <param name="dataSource">The database; share one per process.</param>
    /// <param name="options">The tables and the timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="protector">Encrypts profiles and tickets at rest; <see langword="null"/> keeps them as plain JSON (for tests).</param>
    /// <param name="logger">Logs engine failures; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public PostgreSqlWeChatProfileStore(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions? options = null, IDataProtector? protector = null, ILogger<PostgreSqlWeChatProfileStore>? logger = null)
        : this(dataSource, options, protector, logger, null)
    {
    }

    internal PostgreSqlWeChatProfileStore(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions? options, IDataProtector? protector, ILogger<PostgreSqlWeChatProfileStore>? logger, PostgreSqlSchema? schema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlWeChatSessionStoreOptions();
        if (options.GetValidationErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid PostgreSQL store options: {string.Join(" ", errors)}", nameof(options));
        }

        _dataSource = dataSource;
        _options = options.Clone();
        _protector = protector;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _ownsSchema = schema is null;
        _schema = schema ?? new PostgreSqlSchema(dataSource, _options);
    }

    /// <inheritdoc/>
    public Task<WeChatProfile?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("profile read", async token =>
        {
            var select = _dataSource.CreateCommand($"SELECT entry FROM {_options.ProfileTableName} WHERE app_id = $1 AND open_id = $2");
            await using var scope = select.ConfigureAwait(false);
            select.Parameters.Add(new NpgsqlParameter { Value = appId });
            select.Parameters.Add(new NpgsqlParameter { Value = openId });
            if (await select.ExecuteScalarAsync(token).ConfigureAwait(false) is byte[] entry)
            {
                return Read(entry, appId, openId);
            }

            _opened.Forget(appId, openId);
            return null;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<WeChatProfile?> UpdateAsync(string appId, string openId, Func<WeChatProfile?, WeChatProfile?> update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentNullException.ThrowIfNull(update);
        return RunAsync("profile update", async token =>
        {
            var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            while (true)
            {
                var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await using var transactionScope = transaction.ConfigureAwait(false);
                var select = new NpgsqlCommand($"SELECT entry FROM {_options.ProfileTableName} WHERE app_id = $1 AND open_id = $2 FOR UPDATE", connection, transaction)
                {
                    Parameters = { new() { Value = appId }, new() { Value = openId } },
                };
                WeChatProfile? stored;
                await using (select.ConfigureAwait(false))
                {
                    stored = await select.ExecuteScalarAsync(token).ConfigureAwait(false) is byte[] entry ? Read(entry, appId, openId) : null;
                }

                var updated = update(stored);
                if (updated is null || ReferenceEquals(updated, stored))
                {
                    await transaction.RollbackAsync(token).ConfigureAwait(false);
                    return stored;
                }

                if (updated.AppId != appId || updated.OpenId != openId)
                {
                    throw new ArgumentException("A profile update must keep the user's AppId and openid.", nameof(update));
                }

                var write = new NpgsqlCommand(
                    stored is null
                        ? $"INSERT INTO {_options.ProfileTableName} (app_id, open_id, entry) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
                        : $"UPDATE {_options.ProfileTableName} SET entry = $3 WHERE app_id = $1 AND open_id = $2",
                    connection,
                    transaction)
                {
                    Parameters = { new() { Value = appId }, new() { Value = openId }, new() { Value = StoredEntries.Seal(_protector, WeChatProfileFormat.Serialize(updated)) } },
                };
                await using (write.ConfigureAwait(false))
                {
                    if (await write.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1)
                    {
                        await transaction.CommitAsync(token).ConfigureAwait(false);
                        return updated;
                    }
                }

                // Another instance inserted this user's first profile in between: run again, under its row lock.
                await transaction.RollbackAsync(token).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        _opened.Forget(appId, openId);
        return RunAsync("profile erasure", async token => await PostgreSqlOperations.ExecuteAsync(
            _dataSource, $"DELETE FROM {_options.ProfileTableName} WHERE app_id = $1 AND open_id = $2", token, appId, openId).ConfigureAwait(false) > 0, cancellationToken);
    }

    /// <inheritdoc/>
    public Task SaveMediaCheckAsync(MediaCheckTicket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return RunAsync("media-check ticket write", async token =>
        {
            // Expired tickets go as new ones come, so the table holds about a day of checks.
            await PostgreSqlOperations.ExecuteAsync(_dataSource, $"DELETE FROM {_options.MediaCheckTableName} WHERE expires_at < now()", token).ConfigureAwait(false);
            return await PostgreSqlOperations.ExecuteAsync(
                _dataSource,
                $"INSERT INTO {_options.MediaCheckTableName} (trace_id, entry, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) ON CONFLICT (trace_id) DO UPDATE SET entry = EXCLUDED.entry, expires_at = EXCLUDED.expires_at",
                token,
                ticket.TraceId,
                StoredEntries.Seal(_protector, WeChatProfileFormat.Serialize(ticket)),
                MediaCheckTicket.Lifetime.TotalSeconds).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<MediaCheckTicket?> GetMediaCheckAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(traceId);
        return RunAsync("media-check ticket read", async token =>
        {
            var select = _dataSource.CreateCommand($"SELECT entry FROM {_options.MediaCheckTableName} WHERE trace_id = $1 AND expires_at > now()");
            await using var scope = select.ConfigureAwait(false);
            select.Parameters.Add(new NpgsqlParameter { Value = traceId });
            return await select.ExecuteScalarAsync(token).ConfigureAwait(false) is byte[] entry
                && WeChatProfileFormat.TryDeserialize(StoredEntries.Open(_protector, entry, "media-check ticket"), traceId, out var ticket) ? ticket : null;
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
    public override string ToString() => $"PostgreSqlWeChatProfileStore {{ ProfileTableName = {_options.ProfileTableName}, Protected = {_protector is not null} }}";

    private Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        => PostgreSqlOperations.RunAsync(operation, _schema, _options.Timeout, _logger, body, cancellationToken);

    private WeChatProfile Read(byte[] entry, string appId, string openId)
        => _opened.Open(appId, openId, entry, stored => WeChatProfileFormat.TryDeserialize(StoredEntries.Open(_protector, stored, "profile"), appId, openId, out var profile)
            ? profile
            : throw new InvalidOperationException($"The row of {_options.ProfileTableName} for app {appId} is not a kept WeChat profile: another app writes to the same table. Give each app its own ProfileTableName."));
}
