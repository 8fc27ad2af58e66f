using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Turns the server half's failures into RFC 7807 problem details (<c>application/problem+json</c>) that carry
/// <c>errcode</c> and <c>error</c>: one line in a minimal API (<see cref="WithUserProfileProblems{TBuilder}"/>) or a
/// controller (<see cref="ToProblemDetails(OpenDataException)"/>).
/// </summary>
public static class UserProfileProblems
{
    /// <summary>The errcode of <see cref="SessionStoreUnavailableException"/>'s problem details: WeChat's own "busy, try again" (-1).</summary>
    public const int SessionStoreUnavailableErrCode = -1;

    /// <summary>The <c>Retry-After</c> of every 503 this package answers, in seconds: about one session-store timeout.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// Adds an endpoint filter that answers an <see cref="OpenDataException"/> with 400, a <see cref="WeChatApiException"/>
    /// with 400 (a bad or used code) or 502 (WeChat or the app's configuration), a
    /// <see cref="SessionStoreUnavailableException"/> with 503 and <c>Retry-After</c>, and a malformed request (a body
    /// this package refuses, or HTTP framing Kestrel refuses: bad chunking, a body cut short or over the limit) with its 4xx.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static TBuilder WithUserProfileProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter(static async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ToProblemDetails(ex) is { } problem)
            {
                return new ProblemAnswer(problem);
            }
        });
    }

    /// <summary>
    /// The problem details of rejected open data: status 400, <c>errcode</c> (the WXBizDataCrypt code, such as -41003)
    /// and <c>error</c> (the <see cref="OpenDataError"/> name, such as <c>SessionKeyReplaced</c>); the detail is the reason.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The problem details.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static ProblemDetails ToProblemDetails(this OpenDataException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The getUserProfile result was rejected.",
            Detail = exception.Reason,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        problem.Extensions["errcode"] = exception.ErrorCode;
        problem.Extensions["error"] = exception.Error.ToString();
        return problem;
    }

    /// <summary>
    /// The problem details of a failed WeChat call: 400 when the client's code was bad, used, missing or from a
    /// high-risk user (the client logs in again; <c>error</c> names which, such as <c>HighRiskUser</c> for 40226), else 502;
    /// <c>errcode</c> and <c>errmsg</c> are WeChat's.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The problem details.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static ProblemDetails ToProblemDetails(this WeChatApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var clientError = exception.ErrCode is WeChatErrCodes.InvalidCode or WeChatErrCodes.CodeBeenUsed or WeChatErrCodes.MissingCode or WeChatErrCodes.HighRiskUser;
        var problem = new ProblemDetails
        {
            Status = clientError ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway,
            Title = "The WeChat login failed.",
            Detail = exception.Reason,
            Type = clientError ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : "https://tools.ietf.org/html/rfc9110#section-15.6.3",
        };
        problem.Extensions["errcode"] = exception.ErrCode;
        problem.Extensions["errmsg"] = exception.ErrMsg;
        if (ClientErrorName(exception.ErrCode) is { } name)
        {
            problem.Extensions["error"] = name;
        }

        return problem;
    }

    /// <summary>
    /// The problem details of an unavailable session store: status 503, <c>errcode</c> -1 (try again shortly) and
    /// <c>error</c> <c>SessionStoreUnavailable</c>. The endpoints send it with <c>Retry-After</c>
    /// (<see cref="RetryAfterSeconds"/>). A login starts again from <c>wx.login</c>: its code was already exchanged with
    /// WeChat and works once; a profile post may be sent again as it is.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The problem details.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static ProblemDetails ToProblemDetails(this SessionStoreUnavailableException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The session store is unavailable.",
            Detail = "The backend's session store did not answer in time. Try again in a few seconds: a login starts again from wx.login "
                + "(its code was already exchanged with WeChat, and a code works once), a profile post may be sent again as it is.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        };
        problem.Extensions["errcode"] = SessionStoreUnavailableErrCode;
        problem.Extensions["error"] = "SessionStoreUnavailable";
        return problem;
    }

    /// <summary>The name of a WeChat errcode the client fixes by logging in again, as <see cref="WeChatErrCodes"/> names it.</summary>
    private static string? ClientErrorName(int? errCode) => errCode switch
    {
        WeChatErrCodes.InvalidCode => nameof(WeChatErrCodes.InvalidCode),
        WeChatErrCodes.CodeBeenUsed => nameof(WeChatErrCodes.CodeBeenUsed),
        WeChatErrCodes.MissingCode => nameof(WeChatErrCodes.MissingCode),
        WeChatErrCodes.HighRiskUser => nameof(WeChatErrCodes.HighRiskUser),
        _ => null,
    };

    /// <summary>The problem details of any failure this package names, or <see langword="null"/> for one it does not.</summary>
    internal static ProblemDetails? ToProblemDetails(Exception exception) => exception switch
    {
        OpenDataException openData => openData.ToProblemDetails(),
        WeChatApiException weChat => weChat.ToProblemDetails(),
        SessionStoreUnavailableException store => store.ToProblemDetails(),
        WeChatRequestException request => Problem(request.StatusCode, request.Title, request.Message, request.Error, request.Label),
        // Kestrel's own verdict on the HTTP framing of the body (bad chunking, a body cut short, over the server's limit):
        // its message names the fault and holds nothing of the body.
        BadHttpRequestException framing => Problem(framing.StatusCode, "The request is malformed.", framing.Message, "MalformedRequest"),
        _ => null,
    };

    internal static ProblemDetails Problem(int status, string title, string detail, string error, int? label = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["error"] = error;
        if (label is { } value)
        {
            problem.Extensions["label"] = value;
        }

        return problem;
    }

    internal static Task WriteAsync(HttpContext context, int status, string title, string detail, string error)
        => new ProblemAnswer(Problem(status, title, detail, error)).ExecuteAsync(context);

    /// <summary>A problem as the answer: <c>application/problem+json</c>, with <c>Retry-After</c> on a 503.</summary>
    internal sealed class ProblemAnswer(ProblemDetails problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Problem(problem).ExecuteAsync(httpContext);
        }
    }
}
