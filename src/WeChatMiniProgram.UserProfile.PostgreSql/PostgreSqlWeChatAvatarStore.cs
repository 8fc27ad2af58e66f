using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>An <see cref="IWeChatAvatarStore"/> on PostgreSQL: one row per image in <see cref="PostgreSqlWeChatSessionStoreOptions.AvatarTableName"/>, its bytes encrypted at rest.</summary>
public sealed class PostgreSqlWeChatAvatarStore : IWeChatAvatarStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlWeChatSessionStoreOptions _options;
    private readonly IDataProtector? _protector;
    private readonly ILogger _logger;
    private readonly PostgreSqlSchema _schema;
    private readonly bool _ownsSchema;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlWeChatAvatarStore"/> class.</summary>
    /// <param name="dataSource">The database; share one per process.</param>
    /// <param name="options">The tables and the timeout; <see langword="null"/> for the defaults.</param>
    /// <param name="protector">Encrypts the images at rest; <see langword="null"/> keeps them as they are (for tests).</param>
    /// <param name="logger">Logs engine failures; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public PostgreSqlWeChatAvatarStore(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions? options = null, IDataProtector? protector = null, ILogger<PostgreSqlWeChatAvatarStore>? logger = null)
        : this(dataSource, options, protector, logger, null)
    {
    }

    internal PostgreSqlWeChatAvatarStore(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions? options, IDataProtector? protector, ILogger<PostgreSqlWeChatAvatarStore>? logger, PostgreSqlSchema? schema)
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
    public Task SaveAsync(KeptAvatarImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return RunAsync("avatar write", token => PostgreSqlOperations.ExecuteAsync(
            _dataSource,
            $"INSERT INTO {_options.AvatarTableName} (id, app_id, open_id, content_type, content) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
            token,
            image.Id,
            image.AppId,
            image.OpenId,
            image.ContentType,
            StoredEntries.Seal(_protector, image.Content.ToArray())), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<KeptAvatarImage?> GetAsync(string avatarId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(avatarId);
        return RunAsync("avatar read", async token =>
        {
            var select = _dataSource.CreateCommand($"SELECT app_id, open_id, content_type, content FROM {_options.AvatarTableName} WHERE id = $1");
            await using var scope = select.ConfigureAwait(false);
            select.Parameters.Add(new NpgsqlParameter { Value = avatarId });
            var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
                ? new KeptAvatarImage(avatarId, reader.GetString(0), reader.GetString(1), reader.GetString(2), StoredEntries.Open(_protector, (byte[])reader[3], "avatar"))
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task RemoveAsync(string appId, string openId, string avatarId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentException.ThrowIfNullOrEmpty(avatarId);
        return RunAsync("avatar erasure", token => PostgreSqlOperations.ExecuteAsync(
            _dataSource, $"DELETE FROM {_options.AvatarTableName} WHERE id = $1 AND app_id = $2 AND open_id = $3", token, avatarId, appId, openId), cancellationToken);
    }

    /// <inheritdoc/>
    public Task RemoveAllAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        return RunAsync("avatar erasure", token => PostgreSqlOperations.ExecuteAsync(
            _dataSource, $"DELETE FROM {_options.AvatarTableName} WHERE app_id = $1 AND open_id = $2", token, appId, openId), cancellationToken);
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
    public override string ToString() => $"PostgreSqlWeChatAvatarStore {{ AvatarTableName = {_options.AvatarTableName}, Protected = {_protector is not null} }}";

    private Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        => PostgreSqlOperations.RunAsync(operation, _schema, _options.Timeout, _logger, body, cancellationToken);
}
