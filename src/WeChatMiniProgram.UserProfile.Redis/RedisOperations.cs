using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>Runs one store operation within the store's timeout; a failed or slow Redis is a <see cref="SessionStoreUnavailableException"/>.</summary>
internal static partial class RedisOperations
{
    public static async Task<T> RunAsync<T>(string operation, TimeSpan timeout, ILogger logger, Func<Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            LogUnavailable(logger, operation, ex.GetType().Name);
            throw new SessionStoreUnavailableException($"Redis did not complete the {operation} within {timeout}.", ex);
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, operation, ex.GetType().Name);
            throw new SessionStoreUnavailableException($"Redis failed the {operation} ({ex.GetType().Name}).", ex);
        }
    }

    public static Func<Task<IConnectionMultiplexer>> Connected(IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var connected = Task.FromResult(redis);
        return () => connected;
    }

    [LoggerMessage(EventId = 2, EventName = "SessionStoreUnavailable", Level = LogLevel.Warning, Message = "Redis failed the {Operation}: {Failure}. Requests that need it answer 503 until it is back.")]
    private static partial void LogUnavailable(ILogger logger, string operation, string failure);
}
