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
    public async Task Login_AUserWeChatBlocks_Is400HighRiskUser_NamingTheCause()
    {
        using var backend = _factory.CreateClient();
        _emulator.BlockUser("bob");

        using var response = await backend.PostAsJsonAsync("/login", new LoginRequest(await PhoneLoginAsync("bob")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        (problem.GetProperty("errcode").GetInt32(), problem.GetProperty("error").GetString()).Should().Be((40226, "HighRiskUser"));
        problem.GetProperty("detail").GetString().Should().Contain("high-risk").And.Contain("Do not retry");
    }

    [Theory]
    [InlineData("3.0.0", true)]
    [InlineData("2.27.1", true)]
    [InlineData("2.26.0", false)]
    public async Task Profile_SaysWhetherItIsWeChatsAnonymisedProfile(string baseLibrary, bool anonymous)
    {
        using var backend = _factory.CreateClient();
        var login = await BackendLoginAsync(backend, "alice");

        using var response = await PostProfileAsync(backend, login.Token, await PhoneProfileAsync("alice", baseLibrary: baseLibrary));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        profile.GetProperty("anonymous").GetBoolean().Should().Be(anonymous);
        profile.GetProperty("nickName").GetString().Should().Be(anonymous ? "微信用户" : "Alice 爱丽丝");
    }

    [Fact]
    public async Task Login_AnswersTheTokensLifetime_AsExpiresIn()
    {
        using var backend = _factory.CreateClient();

        var login = await BackendLoginAsync(backend, "alice");

        login.ExpiresIn.Should().Be(7200, "WeChatSessionOptions.TokenLifetime defaults to 2 hours");
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

        using var forged = await PostProfileAsync(backend, "no-such-token", result);
        using var garbled = await PostProfileAsync(backend, "a!b.c~d", result);
        using var none = await backend.PostAsJsonAsync("/profile", new { rawData = "{}" });

        foreach (var response in new[] { forged, garbled, none })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadAsStringAsync()).Should().Contain("Bearer");
        }
    }

    [Fact]
    public async Task Profile_TokenOfOtherAppOrAltered_Returns401()
    {
        using var backend = _factory.CreateClient();
        var login = await BackendLoginAsync(backend, "alice");
        var result = await PhoneProfileAsync("alice");
        var altered = login.Token[..^2] + (login.Token[^2] == 'A' ? "B" : "A") + login.Token[^1];

        using var response = await PostProfileAsync(backend, altered, result);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Single().Parameter.Should().Contain("invalid_token");
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-8\"", "{\"code\":\"CODE\"}", 200)]
    [InlineData("application/json; charset=UTF-8", "{\"code\":\"CODE\"}", 200)]
    [InlineData("application/json; charset=latin1", "{\"code\":\"x\"}", 415)]
    [InlineData("text/plain", "{\"code\":\"x\"}", 415)]
    [InlineData("application/json", "{\"code\":", 400)]
    [InlineData("application/json", "null", 400)]
    [InlineData("application/json", "[]", 400)]
    [InlineData("application/json", "{\"code\":42}", 400)]
    [InlineData("application/json", "{\"code\":\"\\ud800\"}", 400)]
    [InlineData("application/json", "{}", 400)]
    [InlineData("application/json", "{\"code\":\"a b\"}", 400)]
    [InlineData("application/json", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 400)]
    public async Task Login_BadInput_IsA4xxProblemWithAMessage(string contentType, string body, int status)
    {
        using var backend = _factory.CreateClient();
        body = body.Replace("CODE", await PhoneLoginAsync("alice"), StringComparison.Ordinal);
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await backend.PostAsync("/login", content);

        ((int)response.StatusCode).Should().Be(status);
        if (status != 200)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task Login_InvalidUtf8OrHugeCode_IsRejectedBeforeAnyWeChatCall()
    {
        using var backend = _factory.CreateClient();
        using var invalid = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'c', (byte)'o', (byte)'d', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        invalid.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var huge = JsonContent.Create(new { code = new string('a', 10 * 1024 * 1024) });

        using var invalidResponse = await backend.PostAsync("/login", invalid);
        using var hugeResponse = await backend.PostAsync("/login", huge);

        invalidResponse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ((int)hugeResponse.StatusCode).Should().Be(413);
        (await hugeResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("larger than");
    }

    [Theory]
    [InlineData(30 * 1024, 200)]
    [InlineData(70 * 1024, 413)]
    public async Task Profile_BodyOfUnknownLength_IsReadUpToTheLimit(int padding, int status)
    {
        using var backend = _factory.CreateClient();
        var login = await BackendLoginAsync(backend, "alice");
        var result = await PhoneProfileAsync("alice", baseLibrary: "2.26.0");
        // The result with white space in front: larger than the first pooled buffer, and sent with no Content-Length.
        var body = System.Text.Encoding.UTF8.GetBytes(new string(' ', padding) + result.GetRawText());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/profile") { Content = new UnknownLengthContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", login.Token);

        using var response = await backend.SendAsync(request);

        ((int)response.StatusCode).Should().Be(status);
        if (status == 200)
        {
            (await response.Content.ReadFromJsonAsync<VerifiedProfile>())!.NickName.Should().Be("Alice 爱丽丝");
        }
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

    /// <summary>A body whose length is not announced, as a chunked upload: the reader grows its buffer as it goes.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
