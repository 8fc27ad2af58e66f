using System.Net.Http;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The one logger of the HttpClient that calls WeChat's API, in place of IHttpClientFactory's default ones. WeChat takes
/// the AppSecret, the access token, the login code and the checksession signature in the query string, and the default
/// loggers write the whole URI: Microsoft.Extensions.Http redacts query strings only from 9.0 on, so on .NET 8 every
/// app logging HTTP at Information would write its AppSecret. This one writes the method, the scheme, host and path,
/// the status and the time, never the query, the headers or a body.
/// </summary>
internal sealed partial class WeChatHttpClientLogger(ILogger<WeChatHttpClientLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var uri = WithoutQuery(request);
            LogSending(logger, request.Method.Method, uri);
        }

        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var uri = WithoutQuery(request);
            LogAnswered(logger, request.Method.Method, uri, (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            var uri = WithoutQuery(request);
            LogFailed(logger, request.Method.Method, uri, elapsed.TotalMilliseconds, exception.GetType().Name);
        }
    }

    /// <summary>The URI up to its path: the query (where WeChat takes every credential) and any user info are left out.</summary>
    internal static string WithoutQuery(HttpRequestMessage request)
        => request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : request.RequestUri?.OriginalString.Split('?', 2)[0] ?? string.Empty;

    [LoggerMessage(EventId = 10, EventName = "WeChatApiRequestSending", Level = LogLevel.Debug, Message = "Calling WeChat's API: {Method} {Uri} (query not logged: it holds credentials).")]
    private static partial void LogSending(ILogger logger, string method, string uri);

    [LoggerMessage(EventId = 11, EventName = "WeChatApiRequestAnswered", Level = LogLevel.Information, Message = "WeChat's API answered {Method} {Uri} with HTTP {StatusCode} in {ElapsedMs} ms.")]
    private static partial void LogAnswered(ILogger logger, string method, string uri, int statusCode, double elapsedMs);

    // The exception's type only: its message and stack are the caller's to log, through the WeChatApiException it becomes.
    [LoggerMessage(EventId = 12, EventName = "WeChatApiRequestFailed", Level = LogLevel.Warning, Message = "WeChat's API did not answer {Method} {Uri} ({ExceptionType} after {ElapsedMs} ms).")]
    private static partial void LogFailed(ILogger logger, string method, string uri, double elapsedMs, string exceptionType);
}
