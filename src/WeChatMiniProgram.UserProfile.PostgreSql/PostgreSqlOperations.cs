using Microsoft.Extensions.Logging;
using Npgsql;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>Runs one store operation within the store's timeout, tables created first; a failed or paused database is a <see cref="SessionStoreUnavailableException"/>.</summary>
internal static partial class PostgreSqlOperations
{
    public static async Task<T> RunAsync<T>(string operation, PostgreSqlSchema schema, TimeSpan timeout, ILogger logger, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await schema.EnsureAsync(deadline.Token).ConfigureAwait(false);
            return await body(deadline.Token).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or TimeoutException or NpgsqlException)
        {
            LogUnavailable(logger, operation, ex is PostgresException postgres ? $"{ex.GetType().Name} {postgres.SqlState}" : ex.GetType().Name);
            throw new SessionStoreUnavailableException(
                ex is OperationCanceledException or TimeoutException
                    ? $"PostgreSQL did not complete the {operation} within {timeout}."
                    : $"PostgreSQL failed the {operation} ({(ex is PostgresException p ? "SQLSTATE " + p.SqlState : ex.GetType().Name)}).",
                ex);
        }
    }

    public static async Task<int> ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken, params object[] values)
    {
        var command = dataSource.CreateCommand(sql);
        await using var scope = command.ConfigureAwait(false);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2, EventName = "SessionStoreUnavailable", Level = LogLevel.Warning, Message = "PostgreSQL failed the {Operation}: {Failure}. Requests that need it answer 503 until it is back.")]
    private static partial void LogUnavailable(ILogger logger, string operation, string failure);
}
