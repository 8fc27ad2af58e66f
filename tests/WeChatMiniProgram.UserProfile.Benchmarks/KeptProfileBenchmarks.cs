using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Redis;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// <c>GET /profile</c> on Redis (the token opened, the sealed entry read and opened, the answer written) against a
/// bare endpoint of the same app that reads the same Redis key and writes it as it is, both served by Kestrel on
/// loopback to an <see cref="HttpClient"/> with a kept-alive connection, as a deployed backend serves its mini program.
/// <see cref="KeptProfileInProcessBenchmarks"/> measures the same in-process. Needs Redis: USERPROFILE_TEST_REDIS, as
/// <c>bash tests/with-redis.sh dotnet run -c Release --project tests/WeChatMiniProgram.UserProfile.Benchmarks -- --filter '*KeptProfile*'</c> sets.
/// </summary>
public class KeptProfileBenchmarks
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private readonly string _prefix = "bench:" + Guid.NewGuid().ToString("N")[..8] + ":";
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private HttpRequestMessage _profile = null!;
    private string _bare = null!;

    /// <summary>Whether TestServer serves the app in-process instead of Kestrel on loopback.</summary>
    protected virtual bool InProcess => false;

    // Synchronous: the in-process toolchain does not await an async [GlobalSetup].
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var redis = Environment.GetEnvironmentVariable("USERPROFILE_TEST_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("KeptProfileBenchmarks need Redis: run them under 'bash tests/with-redis.sh' (it starts a throwaway redis-server and sets USERPROFILE_TEST_REDIS).");
        var emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, "demo-secret-of-the-userprofile-emulator"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (InProcess)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Services.AddUserProfileServer(o =>
        {
            o.AppId = AppId;
            o.AppSecret = "demo-secret-of-the-userprofile-emulator";
            o.ApiBaseAddress = new Uri("https://emulator.test/");
        });
        builder.Services.AddHttpClient(UserProfileServerServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        builder.Services.AddRedisWeChatSessionStore(redis, o =>
        {
            o.KeyPrefix = _prefix + "session:";
            o.ProfileKeyPrefix = _prefix;
            o.DataProtectionKey = _prefix + "keys";
        });
        builder.Services.AddAuthentication(WeChatSessionDefaults.AuthenticationScheme).AddWeChatSession()
            .AddScheme<AuthenticationSchemeOptions, FixedUserHandler>(FixedUserHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapWeChatLogin("/login");
        _app.MapWeChatProfile("/profile");
        var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        _app.MapGet("/bare", async (HttpContext context) =>
        {
            var entry = (byte[]?)await connection.GetDatabase().StringGetAsync(_bare);
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(entry);
        });
        _app.MapGet("/bare-signed-in", async (HttpContext context) =>
        {
            var entry = (byte[]?)await connection.GetDatabase().StringGetAsync(_bare);
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(entry);
        }).RequireAuthorization();
        _app.MapGet("/bare-fixed-user", async (HttpContext context) =>
        {
            var entry = (byte[]?)await connection.GetDatabase().StringGetAsync(_bare);
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(entry);
        }).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = FixedUserHandler.SchemeName });
        await _app.StartAsync();
        _client = InProcess ? _app.GetTestClient() : new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(_app.Urls.First()) };

        using var login = await _client.PostAsJsonAsync("/login", new { code = emulator.Login(AppId, "alice") });
        var answer = await login.Content.ReadFromJsonAsync<JsonElement>();
        var token = answer.GetProperty("token").GetString()!;
        var openId = answer.GetProperty("openid").GetString()!;
        await _app.Services.GetRequiredService<IWeChatProfileStore>().UpdateAsync(AppId, openId, _ => new WeChatProfile(AppId, openId)
        {
            NickName = new KeptNickName("小明", ProfileFieldSource.FilledIn, DateTimeOffset.UtcNow, ProfileReviewState.Pass, 100),
            Avatar = new KeptAvatar("AAAAAAAAAAAAAAAAAAAAAA", null, ProfileFieldSource.FilledIn, DateTimeOffset.UtcNow, ProfileReviewState.Pass, 100),
        });
        _bare = _prefix + "user:" + AppId + ":" + openId;
        _profile = new HttpRequestMessage(HttpMethod.Get, "/profile");
        _profile.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await GetProfile()).Should200();
    }

    private async Task CleanupAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "bare endpoint: the same Redis key, as it is")]
    public async Task<int> Bare()
    {
        using var response = await _client.GetAsync("/bare");
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "bare endpoint behind a sign-in that does nothing (ASP.NET Core's floor)")]
    public async Task<int> BareFixedUser()
    {
        using var response = await _client.GetAsync("/bare-fixed-user");
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "bare endpoint behind the SDK's sign-in")]
    public async Task<int> BareSignedIn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bare-signed-in") { Headers = { Authorization = _profile.Headers.Authorization } };
        using var response = await _client.SendAsync(request);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "GET /profile (token, sealed entry, JSON)")]
    public async Task<int> GetProfile()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/profile") { Headers = { Authorization = _profile.Headers.Authorization } };
        using var response = await _client.SendAsync(request);
        return response.IsSuccessStatusCode ? (await response.Content.ReadAsByteArrayAsync()).Length : -(int)response.StatusCode;
    }
}

/// <summary>
/// <see cref="KeptProfileBenchmarks"/> served in-process by TestServer: no sockets, so the SDK's share of a request is
/// larger, and the test client reads the answer while the app still unwinds, on the same response pipe.
/// </summary>
public class KeptProfileInProcessBenchmarks : KeptProfileBenchmarks
{
    protected override bool InProcess => true;
}

/// <summary>A sign-in that signs everyone in as one user, doing nothing else: what ASP.NET Core's authentication and authorization cost alone.</summary>
internal sealed class FixedUserHandler(Microsoft.Extensions.Options.IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FixedUser";

    private static readonly System.Security.Claims.ClaimsPrincipal User = new(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("openid", "oFixed")], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(User, SchemeName)));
}

internal static class BenchmarkChecks
{
    public static void Should200(this int length)
    {
        if (length <= 0)
        {
            throw new InvalidOperationException($"GET /profile answered {-length}, not 200: the benchmark would measure an error.");
        }
    }
}
