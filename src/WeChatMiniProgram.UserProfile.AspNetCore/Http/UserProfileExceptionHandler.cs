using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Answers the server half's failures with problem details anywhere in the app (controllers included), through ASP.NET
/// Core's exception handler middleware: registered by <c>AddUserProfileServer</c>; the app calls
/// <c>app.UseExceptionHandler()</c>. Open data rejected is 400, a failed WeChat call 400 or 502, an unavailable session
/// store 503 with <c>Retry-After</c>, a malformed request (including Kestrel's <see cref="BadHttpRequestException"/>) its 4xx; anything else is left to the next handler.
/// </summary>
public sealed class UserProfileExceptionHandler : IExceptionHandler
{
    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (UserProfileProblems.ToProblemDetails(exception) is not { } problem)
        {
            return false;
        }

        await new UserProfileProblems.ProblemAnswer(problem).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
