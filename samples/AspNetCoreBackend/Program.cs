// A minimal backend for the whole getUserProfile flow: POST /login exchanges wx.login's code through code2Session
// (at WeChat:ApiBaseAddress: WeChat, or the emulator) and issues the app's own token; POST /profile verifies the
// client's getUserProfile result with the session key stored at login, or answers a problem-details error with the
// -4100x code.
using AspNetCoreBackend;
using UserProfile.Server;

var builder = WebApplication.CreateBuilder(args);
var wechat = builder.Configuration.GetSection("WeChat");
builder.Services.AddSingleton(new WeChatApiOptions
{
    AppId = wechat["AppId"],
    AppSecret = wechat["AppSecret"],
    ApiBaseAddress = new Uri(wechat["ApiBaseAddress"] ?? WeChatApiOptions.DefaultApiBaseAddress.ToString()),
});
builder.Services.AddHttpClient<WeChatLoginClient>();
// One access-token cache for the app, over the same named client the login client uses; the typed client gets it injected.
builder.Services.AddSingleton(provider => new WeChatAccessTokenProvider(
    provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WeChatLoginClient)), provider.GetRequiredService<WeChatApiOptions>()));
builder.Services.AddSingleton<AppSessions>();
builder.Services.AddSingleton(provider => new UserProfileVerifier(new UserProfileVerifierOptions
{
    AppId = wechat["AppId"],
    MaxDataAge = TimeSpan.FromMinutes(wechat.GetValue("MaxDataAgeMinutes", 10)),
    TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
}));

var app = builder.Build();

app.MapPost("/login", async (LoginRequest request, WeChatLoginClient wechatLogin, AppSessions sessions, CancellationToken cancellationToken) =>
{
    if (request.Code is null or "")
    {
        return Results.Problem("code is required: send the code wx.login returned.", statusCode: StatusCodes.Status400BadRequest);
    }

    try
    {
        var session = await wechatLogin.Code2SessionAsync(request.Code, cancellationToken);
        return Results.Ok(new LoginResponse(sessions.Create(session), session.OpenId));
    }
    catch (WeChatApiException ex)
    {
        // A bad, used or intercepted code is the client's to fix (400); anything else is WeChat or our configuration (502).
        var clientError = ex.ErrCode is WeChatErrCodes.InvalidCode or WeChatErrCodes.CodeBeenUsed or WeChatErrCodes.MissingCode or WeChatErrCodes.HighRiskUser;
        return Results.Problem(
            detail: ex.Reason,
            statusCode: clientError ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway,
            title: "code2Session failed.",
            extensions: new Dictionary<string, object?> { ["errcode"] = ex.ErrCode, ["errmsg"] = ex.ErrMsg });
    }
});

app.MapPost("/profile", (HttpRequest http, ProfileSubmission body, AppSessions sessions, UserProfileVerifier verifier) =>
{
    var authorization = http.Headers.Authorization.ToString();
    var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : string.Empty;
    if (sessions.Find(token) is not { } session)
    {
        return Results.Problem("Log in first: send 'Authorization: Bearer <token>' with the token POST /login returned.", statusCode: StatusCodes.Status401Unauthorized);
    }

    if (!verifier.TryVerifyAndDecrypt(body.RawData!, body.Signature!, body.EncryptedData!, body.Iv!, session.SessionKey, out var profile, out var error))
    {
        return Results.Problem(
            detail: error.GetReason(),
            statusCode: StatusCodes.Status400BadRequest,
            title: "The getUserProfile result was rejected.",
            extensions: new Dictionary<string, object?> { ["errcode"] = error.ToErrorCode(), ["error"] = error.ToString() });
    }

    return Results.Ok(new VerifiedProfile(profile.NickName, (int)profile.Gender, profile.Language, profile.City, profile.Province, profile.Country, profile.AvatarUrl, profile.Watermark.Timestamp));
});

app.Run();

/// <summary>Exposed for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
