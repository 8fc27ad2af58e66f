// A mini-program backend for the whole getUserProfile flow, ready for several instances behind a load balancer:
// POST /login exchanges wx.login's code through code2Session (at WeChat:ApiBaseAddress: WeChat, or the emulator) and
// signs the user in with a bearer token; POST /profile verifies the signed-in user's getUserProfile result with the
// session key stored at login; GET and POST /wechat/push receive WeChat's message push (WeChat:Push:Token,
// :EncodingAesKey, :Mode, as set in the admin console). Sessions live in the engine SessionStore:Engine names: memory,
// redis or postgresql (postgresql when unset and ConnectionStrings:Sessions is set, else memory).
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.PostgreSql;
using WeChatMiniProgram.UserProfile.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddUserProfileServer(builder.Configuration.GetSection("WeChat"));

var sessions = builder.Configuration.GetConnectionString("Sessions");
var engine = builder.Configuration["SessionStore:Engine"] is { Length: > 0 } named ? named : sessions is { Length: > 0 } ? "postgresql" : "memory";
switch (engine.ToLowerInvariant())
{
    case "memory":
        break;
    case "redis":
        builder.Services.AddRedisWeChatSessionStore(Required(sessions, "redis", "127.0.0.1:6379"));
        break;
    case "postgresql":
        builder.Services.AddPostgreSqlWeChatSessionStore(Required(sessions, "postgresql", "Host=127.0.0.1;Username=app;Database=app"));
        break;
    default:
        throw new InvalidOperationException($"SessionStore:Engine is '{engine}': it must be memory, redis or postgresql.");
}

builder.Services.AddAuthentication(WeChatSessionDefaults.AuthenticationScheme).AddWeChatSession();
builder.Services.AddAuthorization();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.MapWeChatLogin("/login");
app.MapWeChatProfile("/profile");
app.MapWeChatPush("/wechat/push");
app.Run();

static string Required(string? connectionString, string engine, string example)
    => connectionString is { Length: > 0 }
        ? connectionString
        : throw new InvalidOperationException($"SessionStore:Engine is {engine}, but ConnectionStrings:Sessions is empty: set it in the engine's own format, such as '{example}'.");

/// <summary>Exposed for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
