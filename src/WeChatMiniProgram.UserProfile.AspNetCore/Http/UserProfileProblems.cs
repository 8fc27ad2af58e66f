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
    /// <summary>
    /// Adds an endpoint filter that answers an <see cref="OpenDataException"/> with 400 and a
    /// <see cref="WeChatApiException"/> with 400 (a bad or used code) or 502 (WeChat or the app's configuration).
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
            catch (OpenDataException ex)
            {
                return Results.Problem(ex.ToProblemDetails());
            }
            catch (WeChatApiException ex)
            {
                return Results.Problem(ex.ToProblemDetails());
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
    /// high-risk user (the client logs in again), else 502; <c>errcode</c> and <c>errmsg</c> are WeChat's.
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
        return problem;
    }
}
