using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests;

/// <summary>The emulator in-process: the SDK's own login client and verifier against it, every errcode, the device side.</summary>
public sealed class WeChatEmulatorTests : IDisposable
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string OtherAppId = "wx0123456789abcdef";
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly TestClock _time = new();
    private readonly WeChatEmulator _emulator;
    private readonly HttpClient _http;

    public WeChatEmulatorTests()
    {
        _emulator = new WeChatEmulator(timeProvider: _time)
            .AddApp(new EmulatorApp(AppId, Secret) { IssueUnionId = true })
            .AddApp(new EmulatorApp(OtherAppId, Secret));
        _http = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("https://api.weixin.qq.com/") };
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task LoginCode2SessionGetUserProfileVerify_TheWholeFlowOverHttp()
    {
        var code = await LoginAsync("alice");
        var session = await LoginClient().Code2SessionAsync(code);

        session.OpenId.Should().MatchRegex("^o[A-Za-z0-9_-]{27}$");
        session.UnionId.Should().MatchRegex("^o[A-Za-z0-9_-]{27}$");
        using var response = await ProfileAsync(new { appid = AppId, user = "alice", desc = "用于完善会员资料", lang = "zh_CN", baseLibrary = "2.26.0" });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        root.GetProperty("errMsg").GetString().Should().Be("getUserProfile:ok");

        var verified = new UserProfileVerifier(new OpenDataOptions { AppId = AppId }).VerifyAndDecrypt(
            root.GetProperty("rawData").GetString()!, root.GetProperty("signature").GetString()!, root.GetProperty("encryptedData").GetString()!,
            root.GetProperty("iv").GetString()!, session.SessionKey);
        verified.NickName.Should().Be("Alice 爱丽丝", "base library 2.26.0 shares the real profile");
    }

    [Fact]
    public async Task GetUserProfile_CurrentBaseLibrary_IsTheAnonymisedProfile()
    {
        await LoginAsync("bob");
        using var response = await ProfileAsync(new { appid = AppId, user = "bob", desc = "ok" });

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userInfo").GetProperty("nickName").GetString().Should().Be("微信用户");
    }

    [Fact]
    public async Task SecondLogin_MakesTheFirstResultStale_TheVerifierSaysMinus41003()
    {
        var first = await LoginClient().Code2SessionAsync(await LoginAsync("alice"));
        using var response = await ProfileAsync(new { appid = AppId, user = "alice", desc = "ok" });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var second = await LoginClient().Code2SessionAsync(await LoginAsync("alice"));

        second.SessionKey.Should().NotBe(first.SessionKey);
        second.OpenId.Should().Be(first.OpenId, "the openid is stable per (app, user)");
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = AppId });
        verifier.TryVerifyAndDecrypt(result.GetProperty("rawData").GetString()!, result.GetProperty("signature").GetString()!, result.GetProperty("encryptedData").GetString()!,
            result.GetProperty("iv").GetString()!, second.SessionKey, out _, out var error).Should().BeFalse();
        error.ToErrorCode().Should().Be(-41003);
        (await LoginClient().CheckSessionKeyAsync(first.OpenId, first.SessionKey)).Should().BeFalse("checksession knows the key was replaced");
        (await LoginClient().CheckSessionKeyAsync(second.OpenId, second.SessionKey)).Should().BeTrue();
    }

    [Fact]
    public async Task Identities_OpenIdPerAppUnionIdPerUserOnlyWhereEnabled()
    {
        var inFirst = await LoginClient().Code2SessionAsync(await LoginAsync("alice"));
        var inOther = await LoginClient(OtherAppId).Code2SessionAsync(await LoginAsync("alice", OtherAppId));
        var bob = await LoginClient().Code2SessionAsync(await LoginAsync("bob"));

        inOther.OpenId.Should().NotBe(inFirst.OpenId);
        inOther.UnionId.Should().BeNull("the other app issues no unionid");
        bob.UnionId.Should().NotBe(inFirst.UnionId);
        new WeChatEmulator().UnionIdOf("alice").Should().Be(_emulator.UnionIdOf("alice"), "identities are stable across runs with the same seed");
    }

    [Fact]
    public async Task Code2Session_EveryErrCode()
    {
        var code = await LoginAsync("alice");
        await LoginClient().Code2SessionAsync(code);
        (await Code2SessionErrorAsync(LoginClient(), code)).Should().Be(40163, "a code works once");

        var expiring = await LoginAsync("alice");
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        (await Code2SessionErrorAsync(LoginClient(), expiring)).Should().Be(40029, "codes live 5 minutes");
        (await Code2SessionErrorAsync(LoginClient(), "no-such-code")).Should().Be(40029);
        (await Code2SessionErrorAsync(LoginClient(OtherAppId), await LoginAsync("alice"))).Should().Be(40029, "a code belongs to its app");
        (await Code2SessionErrorAsync(LoginClient(secret: "wrong"), await LoginAsync("alice"))).Should().Be(40125);
        (await Code2SessionErrorAsync(LoginClient("wx9999999999999999"), "x")).Should().Be(40013);
        (await RawAsync($"sns/jscode2session?appid={AppId}&secret={Secret}&grant_type=authorization_code")).GetProperty("errcode").GetInt32().Should().Be(41008);

        _emulator.InjectFault("jscode2session", 45011);
        (await Code2SessionErrorAsync(LoginClient(), await LoginAsync("alice"))).Should().Be(45011);
        _emulator.InjectFault("jscode2session", 40226);
        (await Code2SessionErrorAsync(LoginClient(), await LoginAsync("alice"))).Should().Be(40226);
    }

    [Fact]
    public async Task Code2Session_SystemBusyTwice_TheLoginClientRetriesAndSucceeds()
    {
        _emulator.InjectFault("jscode2session", -1, count: 2);
        var client = LoginClient(configure: o => o.BusyRetryDelay = TimeSpan.Zero);

        (await client.Code2SessionAsync(await LoginAsync("alice"))).OpenId.Should().StartWith("o");
    }

    [Fact]
    public async Task Tokens_StableTokenAndToken_AnswerAsWeChat()
    {
        using var stable = await _http.PostAsJsonAsync("cgi-bin/stable_token", new { grant_type = "client_credential", appid = AppId, secret = Secret, force_refresh = false });
        var token = await stable.Content.ReadFromJsonAsync<JsonElement>();
        token.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
        token.GetProperty("expires_in").GetInt32().Should().Be(7200);

        (await RawAsync($"cgi-bin/token?grant_type=client_credential&appid={AppId}&secret={Secret}")).GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
        (await RawAsync($"cgi-bin/token?grant_type=client_credential&appid={AppId}&secret=bad")).GetProperty("errcode").GetInt32().Should().Be(40125);
        (await RawAsync("wxa/checksession?access_token=forged&openid=o&signature=s&sig_method=hmac_sha256")).GetProperty("errcode").GetInt32().Should().Be(40001);
    }

    [Theory]
    [InlineData("deny", "agreed", null, "getUserProfile:fail auth deny", null)]
    [InlineData("allow", "denied", null, "getUserProfile:fail privacy permission is not authorized", 104)]
    [InlineData("allow", "undeclared", null, "getUserProfile:fail api scope is not declared in the privacy agreement", 112)]
    [InlineData("allow", "agreed", "2.10.3", "getUserProfile:fail not supported before base library 2.10.4", null)]
    public async Task GetUserProfile_Failures_Are400WithTheErrMsgAndErrno(string consent, string privacy, string? baseLibrary, string errMsg, int? errNo)
    {
        await LoginAsync("alice");
        using var response = await ProfileAsync(new { appid = AppId, user = "alice", desc = "ok", consent, privacy, baseLibrary });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errMsg").GetString().Should().Be(errMsg);
        (body.TryGetProperty("errno", out var errno) ? errno.GetInt32() : (int?)null).Should().Be(errNo);
    }

    [Fact]
    public async Task GetUserProfile_BeforeAnyLogin_SaysToLogInFirst()
    {
        using var response = await ProfileAsync(new { appid = AppId, user = "bob", desc = "ok" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errMsg").GetString().Should().Be(ErrMsgs.InvalidSessionKey);
        body.GetProperty("message").GetString().Should().Contain("/emulator/login");
    }

    [Fact]
    public async Task PutUser_SetsTheProfileTheNextCallShares()
    {
        using var put = await _http.PutAsJsonAsync("emulator/users/carol", new { nickName = "Carol", gender = 2, language = "en", city = "X", province = "Y", country = "Z", avatarUrl = "https://a/c" });
        put.StatusCode.Should().Be(HttpStatusCode.OK);
        await LoginAsync("carol");

        using var response = await ProfileAsync(new { appid = AppId, user = "carol", desc = "ok", baseLibrary = "2.26.0" });

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userInfo").GetProperty("nickName").GetString().Should().Be("Carol");
    }

    [Theory]
    [InlineData("POST", "emulator/login", "{not json")]
    [InlineData("POST", "emulator/login", "{\"appid\":\"wx4f4bc4dec97d474b\"}")]
    [InlineData("POST", "emulator/login", "{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"nobody\"}")]
    [InlineData("POST", "emulator/getUserProfile", "[1,2]")]
    [InlineData("POST", "emulator/getUserProfile", "{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"consent\":\"maybe\"}")]
    [InlineData("PUT", "emulator/users/dave", "{\"nickName\":\"Dave\",\"gender\":7}")]
    [InlineData("PUT", "emulator/users/dave", "{\"nickName\":null}")]
    [InlineData("PUT", "emulator/users/dave", "\"just a string\"")]
    [InlineData("POST", "emulator/faults", "{\"api\":\"nope\",\"errcode\":1}")]
    public async Task BadRequests_Get400WithAMessage(string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task UnknownEndpoint_Is404WithTheListOfEndpoints()
    {
        using var response = await _http.GetAsync("nope");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().Contain("/sns/jscode2session");
    }

    [Fact]
    public async Task Host_ServesOnLoopbackAndStops()
    {
        Uri address;
        await using (var host = await WeChatEmulatorHost.StartAsync(_emulator))
        {
            address = host.Address;
            address.Host.Should().Be("127.0.0.1");
            using var http = new HttpClient { BaseAddress = address };
            using var login = await http.PostAsJsonAsync("emulator/login", new { appid = AppId, user = "alice" });
            var code = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var session = await new WeChatLoginClient(http, new WeChatApiOptions { AppId = AppId, AppSecret = Secret, ApiBaseAddress = address }).Code2SessionAsync(code);
            session.OpenId.Should().StartWith("o");
        }

        using var after = new HttpClient();
        await after.Invoking(h => h.GetAsync(new Uri(address, "sns/jscode2session"))).Should().ThrowAsync<HttpRequestException>("the host has stopped");
    }

    [Fact]
    public void WeChatEmulatorOptions_Clone_CopiesEveryProperty()
        => WeChatMiniProgram.UserProfile.Tests.OptionsCopies.AssertCopiesEveryProperty<WeChatEmulatorOptions>(o => o.Clone());

    private WeChatLoginClient LoginClient(string appId = AppId, string secret = Secret, Action<WeChatApiOptions>? configure = null)
    {
        var options = new WeChatApiOptions { AppId = appId, AppSecret = secret, ApiBaseAddress = new Uri("https://api.weixin.qq.com") };
        configure?.Invoke(options);
        return new WeChatLoginClient(_http, options, timeProvider: _time);
    }

    private async Task<string> LoginAsync(string user, string appId = AppId)
    {
        using var response = await _http.PostAsJsonAsync("emulator/login", new { appid = appId, user });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private Task<HttpResponseMessage> ProfileAsync(object body) => _http.PostAsJsonAsync("emulator/getUserProfile", body);

    private async Task<JsonElement> RawAsync(string pathAndQuery) => await _http.GetFromJsonAsync<JsonElement>(pathAndQuery);

    private static async Task<int?> Code2SessionErrorAsync(WeChatLoginClient client, string code)
    {
        var error = await client.Invoking(c => c.Code2SessionAsync(code)).Should().ThrowAsync<WeChatApiException>();
        return error.Which.ErrCode;
    }
}
