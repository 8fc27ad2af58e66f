using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Server;

namespace AspNetCoreBackend.Tests;

/// <summary>One backend serving two mini programs, keyed by AppId: each app's logins, sessions and tokens are its own.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class SeveralMiniProgramsTests : IAsyncLifetime
{
    private const string AppA = "wx4f4bc4dec97d474b";
    private const string AppB = "wx0123456789abcdef";
    private const string SecretA = "0123456789abcdef0123456789abcdef";
    private const string SecretB = "fedcba9876543210fedcba9876543210";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppA, SecretA)).AddApp(new EmulatorApp(AppB, SecretB));
    private WebApplication _app = null!;
    private HttpClient _backend = null!;
    private HttpClient _phone = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["A:AppId"] = AppA, ["A:AppSecret"] = SecretA, ["A:ApiBaseAddress"] = "http://emulator/",
            ["B:AppId"] = AppB, ["B:AppSecret"] = SecretB, ["B:ApiBaseAddress"] = "http://emulator/",
        });
        builder.Services.AddUserProfileServer(builder.Configuration.GetSection("A")).AddUserProfileServer(builder.Configuration.GetSection("B"));
        builder.Services.AddHttpClient(UserProfileServerServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(_emulator.CreateHandler);
        builder.Services.AddAuthentication(WeChatSessionDefaults.AuthenticationScheme).AddWeChatSession();
        builder.Services.AddAuthorization();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapWeChatLogin();
        _app.MapWeChatProfile();
        await _app.StartAsync();
        _backend = _app.GetTestClient();
        _phone = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("http://emulator/") };
    }

    public async Task DisposeAsync()
    {
        _phone.Dispose();
        _backend.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task EachAppLogsInAndVerifiesItsOwn_AndNeverAnothersToken()
    {
        var tokenA = await LoginAsync(AppA, withAppId: false); // the first registered app is the default
        var tokenB = await LoginAsync(AppB, withAppId: true);
        var resultA = await ProfileAsync(AppA);
        var resultB = await ProfileAsync(AppB);

        (await PostAsync(tokenA, resultA)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await PostAsync(tokenB, resultB)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var crossed = await PostAsync(tokenB, resultA);
        crossed.StatusCode.Should().Be(HttpStatusCode.BadRequest, "B's session key cannot verify A's data");
        (await crossed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32().Should().Be(-41003);

        // B's token is sealed: its app cannot be relabelled, and any change to it is refused.
        var relabelled = tokenB[..^2] + (tokenB[^2] == 'A' ? "B" : "A") + tokenB[^1];
        Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(tokenB)).Should().NotContain(AppB);
        (await PostAsync(relabelled, resultA)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var sessions = _app.Services.GetRequiredService<IWeChatSessionStore>();
        _app.Services.GetRequiredKeyedService<UserProfileServer>(AppB).Should().NotBeNull();
        using var unknown = await _backend.PostAsJsonAsync("/login", new { code = "abc", appid = "wx9999999999999999" });
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("UnknownAppId");
        sessions.Should().NotBeNull();
    }

    private async Task<string> LoginAsync(string appId, bool withAppId)
    {
        var code = _emulator.Login(appId, "alice");
        using var response = withAppId ? await _backend.PostAsJsonAsync("/login", new { code, appid = appId }) : await _backend.PostAsJsonAsync("/login", new { code });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<JsonElement> ProfileAsync(string appId)
    {
        using var response = await _phone.PostAsJsonAsync("emulator/getUserProfile", new { appid = appId, user = "alice", desc = "ok" });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> PostAsync(string token, JsonElement result)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/profile") { Content = JsonContent.Create(result) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _backend.SendAsync(request);
    }
}
