using Microsoft.Extensions.Logging;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Writes what the server half does to <c>ILogger</c> (category <c>WeChatMiniProgram.UserProfile.Server</c>), with no secret in any message.</summary>
internal sealed partial class LoggingWeChatServerObserver(ILoggerFactory loggers) : WeChatServerObserver
{
    private readonly ILogger _logger = loggers.CreateLogger("WeChatMiniProgram.UserProfile.Server");

    public override void BusyRetry(string api, string appId, int attempt, TimeSpan delay) => LogBusyRetry(_logger, api, appId, attempt, delay.TotalMilliseconds);

    public override void AccessTokenFetched(string appId, string reason) => LogAccessTokenFetched(_logger, appId, reason);

    public override void AccessTokenRejected(string appId, int errCode) => LogAccessTokenRejected(_logger, appId, errCode);

    public override void TruthChecked(string appId, bool? current, bool promoted)
        => LogTruthChecked(_logger, appId, current switch { true => "current", false => "replaced", null => "unknown (WeChat did not answer)" }, promoted);

    public override void SessionKeyReplaced(string appId) => LogSessionKeyReplaced(_logger, appId);

    [LoggerMessage(EventId = 1, EventName = "WeChatBusyRetry", Level = LogLevel.Information, Message = "WeChat answered {Api} for app {AppId} with -1 (busy); retry {Attempt} in {DelayMs} ms.")]
    private static partial void LogBusyRetry(ILogger logger, string api, string appId, int attempt, double delayMs);

    [LoggerMessage(EventId = 2, EventName = "AccessTokenFetched", Level = LogLevel.Information, Message = "Fetching an access token for app {AppId} from stable_token: {Reason}.")]
    private static partial void LogAccessTokenFetched(ILogger logger, string appId, string reason);

    [LoggerMessage(EventId = 3, EventName = "AccessTokenRejected", Level = LogLevel.Warning, Message = "WeChat rejected the access token of app {AppId} with {ErrCode}; renewing it in normal mode first (another instance or service may have refreshed it).")]
    private static partial void LogAccessTokenRejected(ILogger logger, string appId, int errCode);

    [LoggerMessage(EventId = 4, EventName = "SessionKeyTruthChecked", Level = LogLevel.Information, Message = "Asked WeChat whether a stored session key of app {AppId} is current: {Answer}; promoted to current in the store: {Promoted}.")]
    private static partial void LogTruthChecked(ILogger logger, string appId, string answer, bool promoted);

    [LoggerMessage(EventId = 5, EventName = "SessionKeyReplaced", Level = LogLevel.Information, Message = "A getUserProfile result for app {AppId} was under a session key a later wx.login replaced (SessionKeyReplaced): the client calls wx.login between getUserProfile and posting it.")]
    private static partial void LogSessionKeyReplaced(ILogger logger, string appId);
}
