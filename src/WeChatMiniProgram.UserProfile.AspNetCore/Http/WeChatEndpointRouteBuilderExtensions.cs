using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The two endpoints of a mini-program backend, in one line each: the login (<c>wx.login</c>'s code in, a bearer token
/// of the <see cref="WeChatSessionDefaults.AuthenticationScheme"/> scheme out) and the profile (a signed-in user's
/// getUserProfile result in, the verified profile out). Bad input is a 4xx problem, a store outage 503, never a 500.
/// </summary>
public static class WeChatEndpointRouteBuilderExtensions
{
    private const int MaxLoginBody = 4 * 1024;
    private const int MaxProfileBody = 64 * 1024;

    /// <summary>
    /// Maps <c>POST {pattern}</c> with the body <c>{"code": "..."}</c> (and <c>"appid"</c> when the backend serves several
    /// mini programs; the first registered otherwise): exchanges the code (code2Session), stores the
    /// session, and signs the user in, answering <c>{"token": "...", "expires_in": 7200, "openid": "..."}</c>. The token
    /// carries the claims <c>openid</c>, <c>unionid</c> (when WeChat issued one) and <c>appid</c>; send it as
    /// <c>Authorization: Bearer</c>. It is valid for <c>expires_in</c> seconds (<see cref="WeChatSessionOptions.TokenLifetime"/>);
    /// a client renews it by logging in again (<c>wx.login</c>, then this endpoint), never between getUserProfile and
    /// posting its result. 40226 (a high-risk user WeChat refuses to log in) is a 400 problem that names it.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route.</param>
    /// <returns>The endpoint, to configure further (authorization, rate limiting, ...).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    public static IEndpointConventionBuilder MapWeChatLogin(this IEndpointRouteBuilder endpoints, string pattern = "/login")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, static context => AnswerAsync(context, static async (context, cancellationToken) =>
        {
            string code;
            string? appId;
            using (var body = await WeChatRequests.ReadObjectAsync(context.Request, MaxLoginBody, cancellationToken).ConfigureAwait(false))
            {
                code = WeChatRequests.OptionalString(body.RootElement, "code", 128) ?? throw new WeChatRequestException(
                    StatusCodes.Status400BadRequest, "MissingCode", "code is required: send the code wx.login returned, as {\"code\": \"...\"}.");
                appId = WeChatRequests.OptionalString(body.RootElement, "appid", 32);
            }

            // A backend of several mini programs is told which one by "appid"; without it, the first registered.
            var apps = context.RequestServices.GetRequiredService<UserProfileServerApps>();
            appId ??= apps.Default;
            if (!apps.Contains(appId))
            {
                throw new WeChatRequestException(StatusCodes.Status400BadRequest, "UnknownAppId", "appid is not a mini program this backend serves.");
            }

            if (code.Length == 0 || !code.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '/' or '='))
            {
                throw new WeChatRequestException(StatusCodes.Status400BadRequest, "InvalidCode", "code is not a wx.login code: send the code wx.login returned, unchanged.");
            }

            var services = context.RequestServices;
            var login = await services.GetRequiredKeyedService<UserProfileServer>(appId).LoginAsync(code, cancellationToken).ConfigureAwait(false);
            var lifetime = services.GetRequiredService<IOptionsMonitor<WeChatSessionOptions>>().Get(WeChatSessionDefaults.AuthenticationScheme).TokenLifetime;
            var token = services.GetRequiredKeyedService<WeChatSessionTokens>(appId).Issue(login.OpenId, login.UnionId, lifetime);
            return Results.Json(new LoginAnswer(token, (long)lifetime.TotalSeconds, login.OpenId), EndpointJsonContext.Default.LoginAnswer);
        }));
    }

    /// <summary>
    /// Maps the signed-in user's profile (the <see cref="WeChatSessionDefaults.AuthenticationScheme"/> scheme), kept in
    /// the registered <see cref="IWeChatProfileStore"/> and <see cref="IWeChatAvatarStore"/> so no user is asked twice:
    /// <list type="bullet">
    /// <item><c>GET {pattern}</c>: the kept profile (<c>nickName</c>, <c>avatarUrl</c>, <c>nickNameState</c>,
    /// <c>avatarState</c>: <c>checking</c>, <c>pass</c>, <c>review</c> or <c>risky</c>; and where each came from), or a
    /// 404 problem <c>ProfileNotKept</c>: show the fill-in only then.</item>
    /// <item><c>POST {pattern}</c>: the client's getUserProfile result, verified; the answer is the profile by WeChat's
    /// field names, its watermark, <c>"anonymous"</c> and <c>"kept"</c>. A real profile (base library below 2.27.1) is
    /// kept, its nickname checked like a filled-in one; WeChat's anonymous one (微信用户 and the grey avatar, base library
    /// 2.27.1 and later) keeps nothing: <c>"anonymous": true</c>, <c>"kept": null</c>.</item>
    /// <item><c>PUT {pattern}/nickname</c> with <c>{"nickName":"…"}</c>: checked with msgSecCheck (scene 1); a risky one
    /// is a 422 problem <c>NickNameRisky</c> naming the label, and nothing is kept.</item>
    /// <item><c>PUT {pattern}/avatar</c>: wx.uploadFile's multipart (one file), or the image as the body. Re-encoded at
    /// most 640×640 without metadata, then checked with mediaCheckAsync; 202 with <c>avatarState: "checking"</c> until
    /// the <c>wxa_media_check</c> push (<see cref="WeChatPushEndpointRouteBuilderExtensions.MapWeChatPush"/>) decides.</item>
    /// <item><c>DELETE {pattern}</c>: erases the profile, its avatars and the session; 204, idempotent.</item>
    /// <item><c>GET {avatarsPattern}/{id}</c>, for anyone: an avatar that passed, with a strong ETag and a year of caching.</item>
    /// </list>
    /// WeChat's errors are problems that say what to do (61010: 409 <c>UserNotRecentlyActive</c>; WeChat unreachable: 503
    /// <c>ContentCheckUnavailable</c>), and nothing is half-kept.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The profile's route.</param>
    /// <param name="avatarsPattern">The avatars' route.</param>
    /// <returns>The profile's routes, to configure further (rate limiting, ...).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    public static IEndpointConventionBuilder MapWeChatProfile(this IEndpointRouteBuilder endpoints, string pattern = "/profile", string avatarsPattern = "/avatars")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(avatarsPattern);
        endpoints.ServiceProvider.GetRequiredService<AvatarRoutes>().Path = avatarsPattern;
        endpoints.MapGet(avatarsPattern.TrimEnd('/') + "/{id}", static context => AnswerAsync(context, ProfileEndpoints.GetAvatarAsync));

        var profile = endpoints.MapGroup(pattern);
        profile.MapGet(string.Empty, static context => AnswerAsync(context, ProfileEndpoints.GetAsync));
        profile.MapPost(string.Empty, static context => AnswerAsync(context, static async (context, cancellationToken) =>
        {
            var verified = await context.VerifyWeChatProfileAsync(cancellationToken).ConfigureAwait(false);
            var keeper = context.RequestServices.GetRequiredKeyedService<ProfileKeeper>(context.User.GetWeChatAppId() ?? string.Empty);
            var kept = await keeper.KeepVerifiedAsync(context.User.GetWeChatOpenId()!, context.User.FindFirst(WeChatClaimTypes.UnionId)?.Value, verified, cancellationToken).ConfigureAwait(false);
            return Results.Json(
                new ProfileAnswer(verified.NickName, (int)verified.Gender, verified.Language, verified.City, verified.Province, verified.Country, verified.AvatarUrl, new WatermarkAnswer(verified.Watermark.AppId, verified.Watermark.Timestamp), verified.IsAnonymous, kept is null ? null : ProfileEndpoints.View(context, kept, ProfileEndpoints.BaseAddress(context))),
                EndpointJsonContext.Default.ProfileAnswer);
        }));
        profile.MapPut("/nickname", static context => AnswerAsync(context, ProfileEndpoints.PutNickNameAsync));
        profile.MapPut("/avatar", static context => AnswerAsync(context, ProfileEndpoints.PutAvatarAsync));
        profile.MapDelete(string.Empty, static context => AnswerAsync(context, ProfileEndpoints.DeleteAsync));
        return profile.RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = WeChatSessionDefaults.AuthenticationScheme });
    }

    /// <summary>Runs an endpoint's work and writes its answer, or the problem details of a failure this package names.</summary>
    private static async Task AnswerAsync(HttpContext context, Func<HttpContext, CancellationToken, Task<IResult>> work)
    {
        IResult answer;
        try
        {
            answer = await work(context, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (UserProfileProblems.ToProblemDetails(ex) is { } problem)
        {
            answer = new UserProfileProblems.ProblemAnswer(problem);
        }

        await answer.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies the getUserProfile result in the request's body for the signed-in user (the <c>openid</c> claim), with
    /// the session key stored at the user's login: for an endpoint of your own behind <c>RequireAuthorization()</c>.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">Cancels reading and the session store.</param>
    /// <returns>The verified profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="OpenDataException">The result was rejected (400 through <see cref="UserProfileProblems"/>).</exception>
    /// <exception cref="SessionStoreUnavailableException">The session store is down (503).</exception>
    /// <exception cref="InvalidOperationException">The user did not sign in through WeChat: put the endpoint behind <c>RequireAuthorization()</c>.</exception>
    public static async Task<DecryptedUserProfile> VerifyWeChatProfileAsync(this HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var openId = context.User.GetWeChatOpenId()
            ?? throw new InvalidOperationException("The user did not sign in through WeChat: put this endpoint behind RequireAuthorization() with the WeChatSession scheme.");
        string? rawData, signature, encryptedData, iv;
        using (var body = await WeChatRequests.ReadObjectAsync(context.Request, MaxProfileBody, cancellationToken).ConfigureAwait(false))
        {
            var root = body.RootElement;
            rawData = WeChatRequests.OptionalString(root, "rawData", 8 * 1024);
            signature = WeChatRequests.OptionalString(root, "signature", 128);
            encryptedData = WeChatRequests.OptionalString(root, "encryptedData", 32 * 1024);
            iv = WeChatRequests.OptionalString(root, "iv", 64);
        }

        // Missing fields go through as null: the verifier names each (MissingRawData, ...) with its errcode.
        var appId = context.User.GetWeChatAppId() ?? string.Empty;
        return await context.RequestServices.GetRequiredKeyedService<UserProfileServer>(appId)
            .VerifyProfileAsync(openId, rawData!, signature!, encryptedData!, iv!, cancellationToken).ConfigureAwait(false);
    }
}

internal sealed record LoginAnswer(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("openid")] string OpenId);

internal sealed record WatermarkAnswer([property: JsonPropertyName("appid")] string AppId, [property: JsonPropertyName("timestamp")] long Timestamp);

internal sealed record ProfileAnswer(
    [property: JsonPropertyName("nickName")] string NickName,
    [property: JsonPropertyName("gender")] int Gender,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("city")] string City,
    [property: JsonPropertyName("province")] string Province,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("avatarUrl")] string AvatarUrl,
    [property: JsonPropertyName("watermark")] WatermarkAnswer Watermark,
    [property: JsonPropertyName("anonymous")] bool Anonymous,
    [property: JsonPropertyName("kept")] ProfileView? Kept);

/// <summary>JSON of the endpoints' answers, UTF-8 text unescaped as browsers write it.</summary>
[JsonSerializable(typeof(LoginAnswer))]
[JsonSerializable(typeof(ProfileAnswer))]
[JsonSerializable(typeof(ProfileView))]
internal sealed partial class EndpointJsonContext : JsonSerializerContext
{
    static EndpointJsonContext() => Default = new(new JsonSerializerOptions { Encoder = UserProfileJson.ReadableEncoder });
}
