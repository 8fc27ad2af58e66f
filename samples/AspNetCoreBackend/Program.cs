// A mini-program backend for the whole getUserProfile flow, ready for several instances behind a load balancer:
// POST /login exchanges wx.login's code through code2Session (at WeChat:ApiBaseAddress: WeChat, or the emulator) and
// issues the app's own token; POST /profile verifies the client's getUserProfile result with the session key stored at
// login. Sessions and tokens live in one IDistributedCache: PostgreSQL when ConnectionStrings:Sessions is set, else memory.
using AspNetCoreBackend;
using Microsoft.Extensions.Caching.Distributed;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Server;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddUserProfileServer(builder.Configuration.GetSection("WeChat"));
if (builder.Configuration.GetConnectionString("Sessions") is { Length: > 0 } sessions)
{
    builder.Services.AddSingleton<IDistributedCache>(new PostgresDistributedCache(sessions));
    // A Redis user writes this line instead: builder.Services.AddStackExchangeRedisCache(o => o.Configuration = "...");
}
else
{
    builder.Services.AddDistributedMemoryCache();
}

builder.Services.AddSingleton<AppSessions>();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.MapPost("/login", async (LoginRequest request, UserProfileServer server, AppSessions tokens, CancellationToken cancellationToken) =>
{
    if (request.Code is null or "")
    {
        return Results.Problem("code is required: send the code wx.login returned.", statusCode: StatusCodes.Status400BadRequest);
    }

    var login = await server.LoginAsync(request.Code, cancellationToken);
    return Results.Ok(new LoginResponse(await tokens.CreateAsync(login.OpenId, cancellationToken), login.OpenId));
}).WithUserProfileProblems();

app.MapPost("/profile", async (HttpRequest http, ProfileSubmission body, UserProfileServer server, AppSessions tokens, CancellationToken cancellationToken) =>
{
    var authorization = http.Headers.Authorization.ToString();
    var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
    if (await tokens.FindOpenIdAsync(token, cancellationToken) is not { } openId)
    {
        return Results.Problem("Log in first: send 'Authorization: Bearer <token>' with the token POST /login returned.", statusCode: StatusCodes.Status401Unauthorized);
    }

    var profile = await server.VerifyProfileAsync(openId, body.RawData!, body.Signature!, body.EncryptedData!, body.Iv!, cancellationToken);
    return Results.Ok(VerifiedProfile.From(profile));
}).WithUserProfileProblems();

app.Run();

/// <summary>Exposed for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
