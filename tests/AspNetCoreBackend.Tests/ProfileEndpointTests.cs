using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Server;

namespace AspNetCoreBackend.Tests;

/// <summary>
/// The sample backend and the WeChat emulator, both in-process and over HTTP: the phone logs in on the emulator, the
/// backend exchanges the code through its real WeChatLoginClient, the phone runs getUserProfile, the backend verifies.
/// </summary>
public sealed class ProfileEndpointTests : IDisposable
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, Secret)).AddApp(new EmulatorApp("wx0123456789abcdef", Secret));
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _phone;

    public ProfileEndpointTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddHttpClient(UserProfileServerServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(_emulator.CreateHandler)));
        _phone = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("http://emulator/") };
    }

    public void Dispose()
    {
        _phone.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task LoginThenProfile_ReturnsTheVerifiedProfile()
    {
        using var backend = _factory.CreateClient();
        var login = await BackendLoginAsync(backend, "alice");
        var result = await PhoneProfileAsync("alice", baseLibrary: "2.26.0");

        using var response = await PostProfileAsync(backend, login.Token, result);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var profile = await response.Content.ReadFromJsonAsync<VerifiedProfile>();
        profile!.NickName.Should().Be("Alice 爱丽丝");
        login.OpenId.Should().MatchRegex("^o[A-Za-z0-9_-]{27}$");
        (await BackendLoginRawAsync(backend, await PhoneLoginAsync("alice"))).Should().NotContain("session_key").And.NotContain("sessionKey");
    }

    [Fact]
    public async Task SecondLogin_TheOldResult_Returns400SessionKeyReplaced()
    {
        using var backend = _factory.CreateClient();
        var first = await BackendLoginAsync(backend, "bob");
        var result = await PhoneProfileAsync("bob");
        await BackendLoginAsync(backend, "bob"); // a later wx.login replaces the session_key

        using var response = await PostProfileAsync(backend, first.Token, result);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(-41003);
        problem.RootElement.GetProperty("error").GetString().Should().Be("SessionKeyReplaced");
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("wx.login again after getUserProfile");
    }

    [Fact]
    public async Task ResultForAnotherApp_Returns400WithAppIdMismatch()
    {
        using var backend = _factory.CreateClient();
        var login = await BackendLoginAsync(backend, "alice");
        await PhoneLoginAsync("alice", "wx0123456789abcdef");
        var foreign = await PhoneProfileAsync("alice", appId: "wx0123456789abcdef");

        // The same user's data from another app, posted with a key that cannot open it: never accepted.
        using var response = await PostProfileAsync(backend, login.Token, foreign);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(-41003);
    }

    [Theory]
    [InlineData(40029, 400)]
    [InlineData(40163, 400)]
    [InlineData(40226, 400)]
    [InlineData(45011, 502)]
    [InlineData(40125, 502)]
    [InlineData(40013, 502)]
    [InlineData(-1, 502)]
    public async Task Login_EachCode2SessionError_IsAProblemWithTheErrCode(int errCode, int status)
    {
        using var backend = _factory.CreateClient();
        var code = await PhoneLoginAsync("alice");
        _emulator.InjectFault("jscode2session", errCode, count: 3);

        using var response = await backend.PostAsJsonAsync("/login", new LoginRequest(code));

        ((int)response.StatusCode).Should().Be(status);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(errCode);
    }

    [Fact]
    public async Task Login_CodeUsedTwice_Is400With40163()
    {
        using var backend = _factory.CreateClient();
        var code = await PhoneLoginAsync("alice");
        (await backend.PostAsJsonAsync("/login", new LoginRequest(code))).StatusCode.Should().Be(HttpStatusCode.OK);

        using var replay = await backend.PostAsJsonAsync("/login", new LoginRequest(code));

        replay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32().Should().Be(40163);
    }

    [Fact]
    public async Task LoginClients_ShareOneAccessTokenProviderThatReachesTheEmulator()
    {
        using var backend = _factory.CreateClient();
        var login = await BackendLoginAsync(backend, "alice");
        var tokens = _factory.Services.GetRequiredService<WeChatAccessTokenProvider>();
        tokens.Should().BeSameAs(_factory.Services.GetRequiredService<WeChatAccessTokenProvider>());
        var session = (await _factory.Services.GetRequiredService<IWeChatSessionStore>().GetAsync(AppId, login.OpenId))!;

        await tokens.GetAccessTokenAsync();
        _emulator.InjectFault("stable_token", 40125, count: 5); // any further token request would now fail

        for (var i = 0; i < 2; i++)
        {
            // A fresh typed client each time, as a request scope gets: it must use the one cached token, not fetch its own.
            (await _factory.Services.GetRequiredService<WeChatLoginClient>().CheckSessionKeyAsync(session.OpenId, session.SessionKey)).Should().BeTrue();
        }
    }

    [Fact]
    public async Task Profile_WithoutAKnownToken_Returns401()
    {
        using var backend = _factory.CreateClient();
        await PhoneLoginAsync("alice");
        var result = await PhoneProfileAsync("alice");

        using var response = await PostProfileAsync(backend, "no-such-token", result);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<string> PhoneLoginAsync(string user, string appId = AppId)
    {
        using var response = await _phone.PostAsJsonAsync("emulator/login", new { appid = appId, user });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private async Task<JsonElement> PhoneProfileAsync(string user, string appId = AppId, string? baseLibrary = null)
    {
        using var response = await _phone.PostAsJsonAsync("emulator/getUserProfile", new { appid = appId, user, desc = "登录", lang = "zh_CN", baseLibrary });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<LoginResponse> BackendLoginAsync(HttpClient backend, string user)
    {
        using var response = await backend.PostAsJsonAsync("/login", new LoginRequest(await PhoneLoginAsync(user)));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResponse>())!;
    }

    private static async Task<string> BackendLoginRawAsync(HttpClient backend, string code)
    {
        using var response = await backend.PostAsJsonAsync("/login", new LoginRequest(code));
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> PostProfileAsync(HttpClient backend, string token, JsonElement result)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/profile")
        {
            Content = JsonContent.Create(new ProfileSubmission(
                result.GetProperty("rawData").GetString(), result.GetProperty("signature").GetString(), result.GetProperty("encryptedData").GetString(), result.GetProperty("iv").GetString())),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return backend.SendAsync(request);
    }
}
