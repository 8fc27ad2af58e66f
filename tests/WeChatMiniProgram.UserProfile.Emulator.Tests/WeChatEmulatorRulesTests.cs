using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests;

/// <summary>WeChat's documented token, code and parameter rules, on the emulator's movable clock, and its call log.</summary>
public sealed class WeChatEmulatorRulesTests : IDisposable
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string OtherAppId = "wx0123456789abcdef";
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, Secret)).AddApp(new EmulatorApp(OtherAppId, Secret));
    private readonly HttpClient _http;

    public WeChatEmulatorRulesTests() => _http = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("https://api.weixin.qq.com/") };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task StableToken_NormalMode_SameTokenWhileValid_NewOneInItsLastFiveMinutes_ExpiresAfter7200s()
    {
        var first = await StableAsync();
        (await StableAsync()).Token.Should().Be(first.Token);
        await AdvanceAsync(7200 - 301);
        (await StableAsync()).Token.Should().Be(first.Token, "it still has more than 5 minutes");
        await AdvanceAsync(1);
        var renewed = await StableAsync();
        renewed.Token.Should().NotBe(first.Token, "a new one in the old one's last 5 minutes");
        renewed.ExpiresIn.Should().Be(7200);
        (await CheckAsync(first.Token)).Should().Be(40003, "the old token still works until it expires: the call fails on its made-up openid, after the token");
        await AdvanceAsync(300);
        (await CheckAsync(first.Token)).Should().Be(42001, "tokens expire after 7200 s");
    }

    [Fact]
    public async Task StableToken_ForcedRefresh_RevokesTheOldOne_ThirtySecondsApart_TwentyADayInChina()
    {
        var old = await StableAsync();
        var forced = await StableAsync(force: true);
        forced.Token.Should().NotBe(old.Token);
        (await CheckAsync(old.Token)).Should().Be(40001, "a forced refresh invalidates the previous token");
        (await StableAsync(force: true)).Token.Should().Be(forced.Token, "a second forced refresh within 30 s refreshes nothing");

        // Move to just after midnight in China, so the day's count starts afresh.
        var now = _emulator.Now;
        var midnight = new DateTimeOffset(now.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(1), TimeSpan.FromHours(8));
        await AdvanceAsync((long)(midnight - now).TotalSeconds + 1);
        for (var i = 0; i < 20; i++)
        {
            (await StableRawAsync(force: true)).GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
            await AdvanceAsync(30);
        }

        (await StableRawAsync(force: true)).GetProperty("errcode").GetInt32().Should().Be(45009, "more than 20 forced refreshes in one day");
        await AdvanceAsync(24 * 3600);
        (await StableRawAsync(force: true)).TryGetProperty("access_token", out _).Should().BeTrue("a new day in China");
    }

    [Fact]
    public async Task Token_KeepsItsOwnToken_ApartFromStableToken()
    {
        var stable = await StableAsync();
        var plain = await _http.GetFromJsonAsync<JsonElement>($"cgi-bin/token?grant_type=client_credential&appid={AppId}&secret={Secret}");

        plain.GetProperty("access_token").GetString().Should().NotBe(stable.Token);
        (await StableAsync()).Token.Should().Be(stable.Token, "/cgi-bin/token does not touch stable_token's token");
    }

    [Fact]
    public async Task MissingParameters_AnswerWeChatsGlobalErrCodes()
    {
        (await ErrCodeAsync("sns/jscode2session?secret=s&js_code=c&grant_type=authorization_code")).Should().Be(41002);
        (await ErrCodeAsync($"sns/jscode2session?appid={AppId}&js_code=c&grant_type=authorization_code")).Should().Be(41004);
        (await ErrCodeAsync($"cgi-bin/token?grant_type=client_credential&appid={AppId}")).Should().Be(41004);
        (await ErrCodeAsync("wxa/checksession?openid=o&signature=s&sig_method=hmac_sha256")).Should().Be(41001);
        using var noAppId = await _http.PostAsJsonAsync("cgi-bin/stable_token", new { grant_type = "client_credential", secret = Secret });
        (await noAppId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32().Should().Be(41002);
    }

    [Fact]
    public async Task Clock_ReadAndMove_AndCodesExpireOnIt()
    {
        var before = await AdvanceAsync(0);
        var code = _emulator.Login(AppId, "alice");
        (await AdvanceAsync(301)).Should().Be(before + 301);

        (await ErrCodeAsync($"sns/jscode2session?appid={AppId}&secret={Secret}&js_code={code}&grant_type=authorization_code")).Should().Be(40029, "codes expire 5 minutes after wx.login");
        using var negative = await _http.PostAsJsonAsync("emulator/clock", new { advanceSeconds = -1 });
        negative.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var fraction = await _http.PostAsync("emulator/clock", Json("{\"advanceSeconds\":1.5}"));
        fraction.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Calls_ListTheWeChatSideCallsOldestFirst_WithNoSecret()
    {
        var token = await StableAsync(force: true);
        await CheckAsync(token.Token);
        await ErrCodeAsync($"sns/jscode2session?appid={AppId}&secret=wrong&js_code=c&grant_type=authorization_code");

        var json = await _http.GetStringAsync("emulator/calls");
        var calls = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();

        calls.Select(c => c.GetProperty("api").GetString()).Should().Equal("stable_token", "checksession", "jscode2session");
        calls[0].GetProperty("forceRefresh").GetBoolean().Should().BeTrue();
        calls[1].TryGetProperty("forceRefresh", out _).Should().BeFalse("only stable_token calls carry it");
        calls[2].GetProperty("errcode").GetInt32().Should().Be(40125);
        calls.Should().OnlyContain(c => c.GetProperty("appid").GetString() == AppId);
        json.Should().NotContain(Secret).And.NotContain(token.Token);
    }

    [Fact]
    public async Task Faults_PerAppOverHttp_AndBadNumbersAre400()
    {
        using var set = await _http.PostAsJsonAsync("emulator/faults", new { api = "jscode2session", errcode = 45011, count = 1, appid = OtherAppId });
        set.EnsureSuccessStatusCode();

        (await ErrCodeAsync($"sns/jscode2session?appid={AppId}&secret={Secret}&js_code={_emulator.Login(AppId, "alice")}&grant_type=authorization_code")).Should().BeNull("the fault is another app's");
        (await ErrCodeAsync($"sns/jscode2session?appid={OtherAppId}&secret={Secret}&js_code={_emulator.Login(OtherAppId, "alice")}&grant_type=authorization_code")).Should().Be(45011);
        foreach (var bad in new[] { "{\"api\":\"token\",\"errcode\":1.5}", "{\"api\":\"token\",\"errcode\":99999999999}", "{\"api\":\"token\",\"errcode\":1,\"count\":\"x\"}", "{\"api\":\"token\",\"errcode\":1,\"appid\":\"wx9999999999999999\"}" })
        {
            using var response = await _http.PostAsync("emulator/faults", Json(bad));
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, bad);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        }
    }

    [Theory]
    [InlineData("emulator/login")]
    [InlineData("emulator/getUserProfile")]
    [InlineData("cgi-bin/stable_token")]
    public async Task LoneSurrogateOrInvalidUtf8_Is400WithAMessage(string path)
    {
        using var surrogate = await _http.PostAsync(path, Json("{\"appid\":\"\\ud800\",\"user\":\"alice\",\"grant_type\":\"client_credential\"}"));
        using var invalid = await _http.PostAsync(path, new ByteArrayContent([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']));

        foreach (var response in new[] { surrogate, invalid })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task Users_AreBounded_AndTheirTextIsKeptExactly()
    {
        using var huge = await _http.PutAsync("emulator/users/carol", Json($"{{\"nickName\":\"{new string('x', 2000)}\",\"gender\":1,\"language\":\"en\",\"city\":\"\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"a\"}}"));
        huge.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var tooBig = await _http.PutAsync("emulator/users/carol", new ByteArrayContent(new byte[WeChatEmulator.MaxBodyBytes + 1]));
        ((int)tooBig.StatusCode).Should().Be(413);

        using var put = await _http.PutAsync("emulator/users/carol", Json("{\"nickName\":\"小明😀\",\"gender\":1,\"language\":\"zh_CN\",\"city\":\"广州\",\"province\":\"广东\",\"country\":\"中国\",\"avatarUrl\":\"a\"}"));
        put.EnsureSuccessStatusCode();
        _emulator.Login(AppId, "carol");
        using var profile = await _http.PostAsJsonAsync("emulator/getUserProfile", new { appid = AppId, user = "carol", desc = "ok", baseLibrary = "2.26.0" });
        var text = await profile.Content.ReadAsStringAsync();

        text.Should().Contain("小明😀", "JSON is written as browsers write it, UTF-8 text unescaped").And.NotContain("\\u");
    }

    [Fact]
    public async Task ForcedRefreshByAnotherService_IsSurvivedWithoutForcingAgain()
    {
        var tokens = new WeChatAccessTokenProvider(_http, new WeChatApiOptions { AppId = AppId, AppSecret = Secret, ApiBaseAddress = new Uri("https://api.weixin.qq.com") });
        var login = new WeChatLoginClient(_http, new WeChatApiOptions { AppId = AppId, AppSecret = Secret, ApiBaseAddress = new Uri("https://api.weixin.qq.com") }, tokens);
        var session = await login.Code2SessionAsync(_emulator.Login(AppId, "alice"));
        (await login.CheckSessionKeyAsync(session.OpenId, session.SessionKey)).Should().BeTrue();

        await StableAsync(force: true); // another service of the same app forces a refresh: our cached token is revoked

        (await login.CheckSessionKeyAsync(session.OpenId, session.SessionKey)).Should().BeTrue();
        var stableCalls = _emulator.GetCalls().Where(c => c.Api == "stable_token").ToList();
        stableCalls.Count(c => c.ForceRefresh == true).Should().Be(1, "only the other service forced; this client renewed in normal mode");
        _emulator.GetCalls().Count(c => c.Api == "checksession" && c.ErrCode == 40001).Should().Be(1);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<long> AdvanceAsync(long seconds)
    {
        using var response = await _http.PostAsJsonAsync("emulator/clock", new { advanceSeconds = seconds });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("now").GetInt64();
    }

    private async Task<JsonElement> StableRawAsync(bool force = false)
    {
        using var response = await _http.PostAsJsonAsync("cgi-bin/stable_token", new { grant_type = "client_credential", appid = AppId, secret = Secret, force_refresh = force });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(string Token, long ExpiresIn)> StableAsync(bool force = false)
    {
        var reply = await StableRawAsync(force);
        return (reply.GetProperty("access_token").GetString()!, reply.GetProperty("expires_in").GetInt64());
    }

    private Task<int?> CheckAsync(string token) => ErrCodeAsync($"wxa/checksession?access_token={token}&openid=o&signature=s&sig_method=hmac_sha256");

    private async Task<int?> ErrCodeAsync(string pathAndQuery)
    {
        var reply = await _http.GetFromJsonAsync<JsonElement>(pathAndQuery);
        return reply.TryGetProperty("errcode", out var errCode) && errCode.GetInt32() != 0 ? errCode.GetInt32() : null;
    }
}
