// A minimal backend for getUserProfile: a stand-in login that issues a session, and an endpoint that takes the
// client's getUserProfile result and answers with the verified profile or a problem-details error with the -4100x code.
using AspNetCoreBackend;
using UserProfile.Server;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddSingleton(provider =>
{
    var config = builder.Configuration.GetSection("WeChat");
    return new UserProfileVerifier(new UserProfileVerifierOptions
    {
        AppId = config["AppId"],
        MaxDataAge = TimeSpan.FromMinutes(config.GetValue("MaxDataAgeMinutes", 10)),
        TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
    });
});

var app = builder.Build();

// STAND-IN for wx.login + code2Session (see SessionStore). The session key is returned only because this demo's
// client emulates WeChat, which in production holds the key on the device; a real backend never sends it out.
app.MapPost("/login", (LoginRequest request, SessionStore sessions) =>
{
    if (string.IsNullOrWhiteSpace(request.User))
    {
        return Results.Problem("user is required.", statusCode: StatusCodes.Status400BadRequest);
    }

    var (token, sessionKey) = sessions.Login(request.User);
    return Results.Ok(new LoginResponse(token, sessionKey));
});

app.MapPost("/profile", (HttpRequest http, ProfileSubmission body, SessionStore sessions, UserProfileVerifier verifier) =>
{
    var token = http.Headers["X-Session"].ToString();
    if (sessions.SessionKeyFor(token) is not { } sessionKey)
    {
        return Results.Problem("Log in first: no session for this X-Session token.", statusCode: StatusCodes.Status401Unauthorized);
    }

    if (!verifier.TryVerifyAndDecrypt(body.RawData, body.Signature, body.EncryptedData, body.Iv, sessionKey, out var profile, out var error))
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
