using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> with a token from the WeChat login endpoint
/// (<see cref="WeChatEndpointRouteBuilderExtensions.MapWeChatLogin"/>); a request without a valid one is answered 401
/// with <c>WWW-Authenticate: Bearer</c> and problem details that say why.
/// </summary>
internal sealed class WeChatSessionHandler(IOptionsMonitor<WeChatSessionOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<WeChatSessionOptions>(options, logger, encoder)
{
    private const string FailureKey = "WeChatSession.Failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = header["Bearer ".Length..].Trim();
        string? failure = "The token was not issued by this backend.";
        // A sealed token opens on any app's instance (one key ring); a token of an earlier version names its app's key.
        var appId = token.Contains('.', StringComparison.Ordinal) ? WeChatSessionTokens.AppIdOf(token) : Context.RequestServices.GetService<UserProfileServerApps>()?.Default;
        var principal = appId is not null && Context.RequestServices.GetKeyedService<WeChatSessionTokens>(appId) is { } tokens
            ? tokens.Validate(token, Scheme.Name, out failure)
            : null;
        if (principal is null)
        {
            Context.Items[FailureKey] = failure;
            return Task.FromResult(AuthenticateResult.Fail(failure!));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureKey] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await UserProfileProblems.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "Sign-in required.",
            (failure is null ? string.Empty : failure + " ") + "Send 'Authorization: Bearer <token>' with the token the login endpoint returned (wx.login, then POST the code to it).",
            "Unauthorized").ConfigureAwait(false);
    }
}
