using System.Net;
using System.Security.Cryptography;
using System.Text;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Login;

public sealed class WeChatLoginClientTests : IDisposable
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private const string SessionKey = "tiihtNczf5v6AKRyjwEUhQ==";

    private readonly ScriptedWeChatApi _api = new();
    private readonly TestClock _time = new();

    [Fact]
    public async Task Code2SessionAsync_ValidCode_SendsWeChatsRequestAndReturnsTheSession()
    {
        _api.On("/sns/jscode2session", "{\"openid\":\"oUser\",\"session_key\":\"" + SessionKey + "\",\"unionid\":\"uUser\"}");

        var session = await Client().Code2SessionAsync("the code");

        session.OpenId.Should().Be("oUser");
        session.SessionKey.Should().Be(SessionKey);
        session.UnionId.Should().Be("uUser");
        var request = _api.Requests.Single();
        request.Method.Should().Be(HttpMethod.Get);
        request.RequestUri!.GetLeftPart(UriPartial.Path).Should().Be("https://api.example.test/sns/jscode2session");
        ScriptedWeChatApi.Query(request, "appid").Should().Be(TestClient.AppId);
        ScriptedWeChatApi.Query(request, "secret").Should().Be(Secret);
        ScriptedWeChatApi.Query(request, "js_code").Should().Be("the code");
        ScriptedWeChatApi.Query(request, "grant_type").Should().Be("authorization_code");
    }

    [Fact]
    public async Task ClientFactory_IsAskedForAClientPerRequest_SoOneLongLivedLoginClientFollowsHandlerRotation()
    {
        _api.On("/sns/jscode2session", "{\"openid\":\"oUser\",\"session_key\":\"" + SessionKey + "\"}");
        var made = 0;
        var login = new WeChatLoginClient(() => { made++; return _api.Client(); }, Options(null), timeProvider: _time);
        made.Should().Be(0, "nothing is sent yet");

        await login.Code2SessionAsync("one");
        await login.Code2SessionAsync("two");

        made.Should().Be(2);
        _api.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Code2SessionAsync_NoUnionId_ReturnsNull()
    {
        _api.On("/sns/jscode2session", "{\"openid\":\"oUser\",\"session_key\":\"" + SessionKey + "\"}");

        (await Client().Code2SessionAsync("c")).UnionId.Should().BeNull();
    }

    [Theory]
    [InlineData(40029, "invalid code", "wx.login again")]
    [InlineData(40163, "code been used", "works once")]
    [InlineData(40013, "invalid appid", "AppId")]
    [InlineData(40125, "invalid appsecret", "AppSecret")]
    [InlineData(41008, "missing code", "code")]
    [InlineData(45011, "api minute-quota reach limit", "rate limited")]
    [InlineData(40226, "invalid login rank", "high-risk")]
    public async Task Code2SessionAsync_WeChatError_ThrowsWithErrCodeErrMsgAndAReason(int errCode, string errMsg, string reasonPart)
    {
        _api.On("/sns/jscode2session", $"{{\"errcode\":{errCode},\"errmsg\":\"{errMsg}, rid: 1\"}}");

        var error = (await Client().Invoking(c => c.Code2SessionAsync("c")).Should().ThrowAsync<WeChatApiException>()).Which;

        error.ErrCode.Should().Be(errCode);
        error.ErrMsg.Should().Be(errMsg + ", rid: 1");
        error.Reason.Should().Contain(reasonPart);
        error.Message.Should().NotContain(Secret);
        _api.Count("/sns/jscode2session").Should().Be(1, "only -1 is retried");
    }

    [Fact]
    public async Task Code2SessionAsync_SystemBusyThenOk_RetriesWithBackoffOnTheClock()
    {
        var calls = 0;
        _api.On("/sns/jscode2session", _ => ++calls <= 2 ? "{\"errcode\":-1,\"errmsg\":\"system error\"}" : "{\"openid\":\"o\",\"session_key\":\"" + SessionKey + "\"}");

        var call = Client().Code2SessionAsync("c");
        await _time.WhenTimersCreated(1);
        call.IsCompleted.Should().BeFalse("the retry waits 200 ms first");
        _api.Count("/sns/jscode2session").Should().Be(1);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        await _time.WhenTimersCreated(2);
        _api.Count("/sns/jscode2session").Should().Be(2);
        _time.Advance(TimeSpan.FromMilliseconds(399));
        call.IsCompleted.Should().BeFalse("the second retry waits twice as long");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await call).OpenId.Should().Be("o");
        _api.Count("/sns/jscode2session").Should().Be(3);
    }

    [Fact]
    public async Task Code2SessionAsync_SystemBusyEveryTime_GivesUpAfterTheBound()
    {
        _api.On("/sns/jscode2session", "{\"errcode\":-1,\"errmsg\":\"system error\"}");
        var client = Client(o => o.BusyRetryDelay = TimeSpan.Zero);

        var error = (await client.Invoking(c => c.Code2SessionAsync("c")).Should().ThrowAsync<WeChatApiException>()).Which;

        error.ErrCode.Should().Be(-1);
        _api.Count("/sns/jscode2session").Should().Be(3, "one call and MaxBusyRetries (2) retries");
    }

    [Fact]
    public async Task Code2SessionAsync_CancelledDuringTheRetryWait_EndsCancelled()
    {
        _api.On("/sns/jscode2session", "{\"errcode\":-1,\"errmsg\":\"system error\"}");
        using var cts = new CancellationTokenSource();

        var call = Client().Code2SessionAsync("c", cts.Token);
        await _time.WhenTimersCreated(1);
        await cts.CancelAsync();

        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
        _api.Count("/sns/jscode2session").Should().Be(1);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>", HttpStatusCode.OK, "not a JSON object")]
    [InlineData("{\"errcode\":0,\"errmsg\":\"ok\"}", HttpStatusCode.OK, "neither an openid")]
    [InlineData("{}", HttpStatusCode.OK, "neither an openid")]
    [InlineData("{\"openid\":\"o\",\"session_key\":null}", HttpStatusCode.OK, "neither an openid")]
    [InlineData("{\"openid\":\"o\",\"session_key\":\"not a key\"}", HttpStatusCode.OK, "neither an openid")]
    [InlineData("null", HttpStatusCode.OK, "not a JSON object")]
    [InlineData("{\"errcode\":0}", HttpStatusCode.BadGateway, "HTTP 502")]
    public async Task Code2SessionAsync_MalformedReply_ClearErrorNeverANullKey(string body, HttpStatusCode status, string messagePart)
    {
        _api.On("/sns/jscode2session", _ => Task.FromResult(ScriptedWeChatApi.Json(body, status)));

        var error = (await Client().Invoking(c => c.Code2SessionAsync("c")).Should().ThrowAsync<WeChatApiException>()).Which;

        error.ErrCode.Should().BeNull();
        error.Message.Should().Contain(messagePart).And.Contain("ApiBaseAddress");
    }

    [Fact]
    public async Task Code2SessionAsync_NetworkFailure_IsAWeChatApiExceptionWithTheCause()
    {
        _api.On("/sns/jscode2session", _ => Task.FromException<HttpResponseMessage>(new HttpRequestException("connection refused")));

        var error = (await Client().Invoking(c => c.Code2SessionAsync("c")).Should().ThrowAsync<WeChatApiException>()).Which;

        error.InnerException.Should().BeOfType<HttpRequestException>();
        error.Message.Should().Contain("could not be reached");
    }

    [Fact]
    public async Task Code2SessionAsync_NoCode_ThrowsArgumentException()
        => await Client().Invoking(c => c.Code2SessionAsync("")).Should().ThrowAsync<ArgumentException>();

    [Fact]
    public async Task CheckSessionKeyAsync_SignsWithHmacSha256OfTheEmptyStringKeyedByTheKey()
    {
        _api.On("/cgi-bin/stable_token", "{\"access_token\":\"TOKEN\",\"expires_in\":7200}");
        _api.On("/wxa/checksession", request => ScriptedWeChatApi.Query(request, "signature") == HmacHex(SessionKey)
            ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
            : "{\"errcode\":87009,\"errmsg\":\"invalid signature\"}");

        (await Client().CheckSessionKeyAsync("oUser", SessionKey)).Should().BeTrue();
        (await Client().CheckSessionKeyAsync("oUser", "HyVFkGl5F5OQWJZZaNzBBg==")).Should().BeFalse();

        var check = _api.Requests.First(r => r.RequestUri!.AbsolutePath == "/wxa/checksession");
        ScriptedWeChatApi.Query(check, "access_token").Should().Be("TOKEN");
        ScriptedWeChatApi.Query(check, "openid").Should().Be("oUser");
        ScriptedWeChatApi.Query(check, "sig_method").Should().Be("hmac_sha256");
        WeChatLoginClient.ComputeCheckSessionSignature(SessionKey).Should().Be(HmacHex(SessionKey)).And.MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public async Task CheckSessionKeyAsync_TokenRejectedButAnotherInstanceRenewedIt_TakesTheNewOneInNormalMode()
    {
        var tokens = 0;
        _api.On("/cgi-bin/stable_token", request => $"{{\"access_token\":\"T{++tokens}\",\"expires_in\":7200}}");
        _api.On("/wxa/checksession", request => ScriptedWeChatApi.Query(request, "access_token") == "T1"
            ? "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}"
            : "{\"errcode\":0,\"errmsg\":\"ok\"}");

        (await Client().CheckSessionKeyAsync("o", SessionKey)).Should().BeTrue();

        _api.Bodies("/cgi-bin/stable_token").Should().HaveCount(2).And.OnlyContain(body => body.Contains("\"force_refresh\":false"), "a forced refresh would revoke every other instance's token");
    }

    [Fact]
    public async Task CheckSessionKeyAsync_NormalModeReturnsTheRejectedToken_ForcesOneRefresh()
    {
        var wechat = new StableTokens();
        _api.On("/cgi-bin/stable_token", wechat.Answer);
        _api.On("/wxa/checksession", request => ScriptedWeChatApi.Query(request, "access_token") == wechat.Revoked
            ? "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}"
            : "{\"errcode\":0,\"errmsg\":\"ok\"}");
        var client = Client();
        await client.CheckSessionKeyAsync("o", SessionKey);
        wechat.Revoked = wechat.Current; // WeChat rejects the token it still hands out in normal mode

        (await client.CheckSessionKeyAsync("o", SessionKey)).Should().BeTrue();

        var bodies = _api.Bodies("/cgi-bin/stable_token");
        bodies.Select(b => b.Contains("\"force_refresh\":true")).Should().Equal(false, false, true);
    }

    [Fact]
    public async Task RenewRejectedAsync_ForcesOnlyWithinWeChatsRules_ThirtySecondsApartAndTwentyADay()
    {
        var wechat = new StableTokens();
        _api.On("/cgi-bin/stable_token", wechat.Answer);
        // Start just after midnight in China (UTC+8), so the day's count is the whole day's.
        var time = new TestClock(new DateTimeOffset(new TestClock().GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Date.AddDays(1), TimeSpan.FromHours(8)).AddSeconds(1));
        var tokens = new WeChatAccessTokenProvider(_api.Client(), Options(), time);

        for (var forced = 1; forced <= WeChatAccessTokenProvider.ForcedRefreshesPerDay; forced++)
        {
            var rejected = await tokens.GetAccessTokenAsync();
            (await tokens.RenewRejectedAsync(rejected)).Should().NotBe(rejected);
            var again = await tokens.GetAccessTokenAsync();
            var tooSoon = await tokens.Invoking(t => t.RenewRejectedAsync(again)).Should().ThrowAsync<WeChatApiException>();
            tooSoon.Which.ErrCode.Should().Be(45009, "forced refreshes are 30 s apart");
            time.Advance(WeChatAccessTokenProvider.ForcedRefreshInterval);
        }

        var last = await tokens.GetAccessTokenAsync();
        (await tokens.Invoking(t => t.RenewRejectedAsync(last)).Should().ThrowAsync<WeChatApiException>()).Which.ErrCode.Should().Be(45009, "20 a day");
        time.Advance(TimeSpan.FromDays(1));
        (await tokens.RenewRejectedAsync(await tokens.GetAccessTokenAsync())).Should().NotBeNullOrEmpty("a new day in China allows forcing again");
        wechat.Forced.Should().Be(WeChatAccessTokenProvider.ForcedRefreshesPerDay + 1);
    }

    /// <summary>WeChat's stable_token as documented: normal mode returns the current token, a forced refresh replaces it.</summary>
    private sealed class StableTokens
    {
        public string Current { get; private set; } = "T0";

        public string? Revoked { get; set; }

        public int Forced { get; private set; }

        public string Answer(HttpRequestMessage request)
        {
            if (request.Content!.ReadAsStringAsync().GetAwaiter().GetResult().Contains("\"force_refresh\":true", StringComparison.Ordinal))
            {
                Forced++;
                Current = "T" + Forced;
            }

            return $"{{\"access_token\":\"{Current}\",\"expires_in\":7200}}";
        }
    }

    [Fact]
    public async Task CheckSessionKeyAsync_OtherErrCode_Throws()
    {
        _api.On("/cgi-bin/stable_token", "{\"access_token\":\"T\",\"expires_in\":7200}");
        _api.On("/wxa/checksession", "{\"errcode\":45011,\"errmsg\":\"limit\"}");

        (await Client().Invoking(c => c.CheckSessionKeyAsync("o", SessionKey)).Should().ThrowAsync<WeChatApiException>()).Which.ErrCode.Should().Be(45011);
    }

    [Fact]
    public async Task AccessToken_ConcurrentCallers_OneRequestThenTheCacheUntilShortlyBeforeExpiry()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var issued = 0;
        _api.On("/cgi-bin/stable_token", async _ =>
        {
            await gate.Task;
            return ScriptedWeChatApi.Json($"{{\"access_token\":\"T{Interlocked.Increment(ref issued)}\",\"expires_in\":7200}}");
        });
        var tokens = new WeChatAccessTokenProvider(_api.Client(), Options(), _time);

        var waiting = Enumerable.Range(0, 50).Select(_ => tokens.GetAccessTokenAsync()).ToList();
        gate.SetResult();
        (await Task.WhenAll(waiting)).Should().AllBe("T1");
        _api.Count("/cgi-bin/stable_token").Should().Be(1, "one refresh however many callers wait");

        _time.Advance(TimeSpan.FromSeconds(7200) - WeChatAccessTokenProvider.RefreshMargin - TimeSpan.FromSeconds(1));
        (await tokens.GetAccessTokenAsync()).Should().Be("T1");
        _time.Advance(TimeSpan.FromSeconds(1));
        (await tokens.GetAccessTokenAsync()).Should().Be("T2", "the token is refreshed shortly before expires_in");

        var body = _api.Bodies("/cgi-bin/stable_token")[0];
        body.Should().Contain("\"grant_type\":\"client_credential\"").And.Contain($"\"appid\":\"{TestClient.AppId}\"").And.Contain("\"force_refresh\":false");
        tokens.ToString().Should().NotContain("T2").And.NotContain(Secret);
    }

    [Fact]
    public async Task AccessToken_WeChatError_ThrowsAndCachesNothing()
    {
        _api.On("/cgi-bin/stable_token", "{\"errcode\":40125,\"errmsg\":\"invalid appsecret\"}");
        var tokens = new WeChatAccessTokenProvider(_api.Client(), Options(), _time);

        (await tokens.Invoking(t => t.GetAccessTokenAsync()).Should().ThrowAsync<WeChatApiException>()).Which.ErrCode.Should().Be(40125);
        await tokens.Invoking(t => t.GetAccessTokenAsync()).Should().ThrowAsync<WeChatApiException>();
        _api.Count("/cgi-bin/stable_token").Should().Be(2);
    }

    [Fact]
    public void Options_AreValidatedAndTheSecretIsNeverShown()
    {
        var act = () => new WeChatLoginClient(_api.Client(), new WeChatApiOptions { AppId = "myapp", AppSecret = " ", MaxBusyRetries = -1 });

        act.Should().Throw<ArgumentException>().WithMessage("*AppId must be*").WithMessage("*AppSecret is required*").WithMessage("*MaxBusyRetries*");
        Options().ToString().Should().NotContain(Secret);
        Client().ToString().Should().NotContain(Secret);
        new Code2SessionResult("o", SessionKey, null).ToString().Should().NotContain(SessionKey);
    }

    public void Dispose() => _api.Dispose();

    private static string HmacHex(string key) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Array.Empty<byte>()));

    private WeChatApiOptions Options(Action<WeChatApiOptions>? configure = null)
    {
        var options = new WeChatApiOptions
        {
            AppId = TestClient.AppId,
            AppSecret = Secret,
            ApiBaseAddress = new Uri("https://api.example.test"),
        };
        configure?.Invoke(options);
        return options;
    }

    private WeChatLoginClient Client(Action<WeChatApiOptions>? configure = null) => new(_api.Client(), Options(configure), timeProvider: _time);
}
