using System.Collections.Concurrent;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server;

/// <summary>The facade over code2Session, the session store and the verifier, against a scripted WeChat API.</summary>
[Collection(TelemetryTests.Name)]
public sealed class UserProfileServerTests : IDisposable
{
    private readonly ScriptedWeChatApi _api = new();
    private readonly TestClock _time = new();
    private readonly ConcurrentQueue<string> _keys = new();
    private readonly InMemoryWeChatSessionStore _store;
    private readonly UserProfileServer _server;

    public UserProfileServerTests()
    {
        // Each code2Session issues the next key the test queued, as WeChat issues a new session_key per login.
        _api.On("/sns/jscode2session", _ => _keys.TryDequeue(out var key)
            ? $"{{\"openid\":\"oUser\",\"session_key\":\"{key}\",\"unionid\":\"uUser\"}}"
            : "{\"errcode\":40029,\"errmsg\":\"invalid code\"}");
        var apiOptions = new WeChatApiOptions { AppId = TestClient.AppId, AppSecret = "0123456789abcdef0123456789abcdef", ApiBaseAddress = new Uri("https://api.example.test") };
        _store = new InMemoryWeChatSessionStore(timeProvider: _time);
        _server = new UserProfileServer(
            new WeChatLoginClient(_api.Client(), apiOptions, timeProvider: _time),
            _store,
            new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId, MaxDataAge = TimeSpan.FromMinutes(10) }, _time),
            _time);
    }

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task LoginAsync_StoresTheSessionAndReturnsOpenIdAndUnionId()
    {
        var key = Issue();

        var login = await _server.LoginAsync("code");

        (login.OpenId, login.UnionId, login.IssuedAt).Should().Be(("oUser", "uUser", _time.GetUtcNow()));
        var stored = await _store.GetAsync(TestClient.AppId, "oUser");
        (stored!.SessionKey, stored.UnionId).Should().Be((key, "uUser"));
        login.ToString().Should().NotContain(key);
    }

    [Fact]
    public async Task VerifyProfileAsync_DataUnderTheCurrentKey_IsVerified()
    {
        var key = Issue();
        await _server.LoginAsync("code");
        var result = await ProfileUnder(key);

        var profile = await _server.VerifyProfileAsync("oUser", result);

        profile.NickName.Should().Be(result.UserInfo.NickName);
    }

    [Fact]
    public async Task VerifyProfileAsync_ALaterLoginReplacedTheKey_FailsWithSessionKeyReplaced()
    {
        var first = Issue();
        await _server.LoginAsync("code");
        var result = await ProfileUnder(first);
        _time.Advance(TimeSpan.FromSeconds(5));
        Issue();
        await _server.LoginAsync("code again"); // wx.login after getUserProfile

        var act = () => _server.VerifyProfileAsync("oUser", result);

        var error = (await act.Should().ThrowAsync<OpenDataException>()).Which;
        error.Error.Should().Be(OpenDataError.SessionKeyReplaced);
        error.ErrorCode.Should().Be(-41003);
        error.Reason.Should().Contain("wx.login again after getUserProfile").And.Contain("before getUserProfile");
    }

    [Fact]
    public async Task VerifyProfileAsync_DataUnderThePreviousKeyWhichWeChatSaysIsCurrent_IsAcceptedAndPromoted()
    {
        // Two overlapping logins, stored in the other order than WeChat issued them: the key WeChat holds current is
        // the one the store calls previous.
        var current = Issue();
        await _server.LoginAsync("issued second, stored first");
        _time.Advance(TimeSpan.FromSeconds(1));
        var stale = Issue();
        await _server.LoginAsync("issued first, stored second");
        WeChatSays(current);
        var result = await ProfileUnder(current);

        var profile = await _server.VerifyProfileAsync("oUser", result);

        profile.NickName.Should().Be(result.UserInfo.NickName);
        var stored = await _store.GetAsync(TestClient.AppId, "oUser");
        (stored!.SessionKey, stored.PreviousSessionKey).Should().Be((current, stale), "the key WeChat confirmed is now current in the store");
        var staleResult = await ProfileUnder(stale);
        (await _server.Invoking(s => s.VerifyProfileAsync("oUser", staleResult)).Should().ThrowAsync<OpenDataException>()).Which.Error.Should().Be(OpenDataError.SessionKeyReplaced);
    }

    [Fact]
    public async Task VerifyProfileAsync_DataUnderTheCurrentKeyOfTwoLoginsStoredTogether_FollowsWeChat()
    {
        var current = Issue();
        await _server.LoginAsync("issued second, stored first");
        _time.Advance(TimeSpan.FromSeconds(1));
        var stale = Issue();
        await _server.LoginAsync("issued first, stored second");
        WeChatSays(current);
        var staleResult = await ProfileUnder(stale);

        var act = () => _server.VerifyProfileAsync("oUser", staleResult);

        (await act.Should().ThrowAsync<OpenDataException>()).Which.Error.Should().Be(OpenDataError.SessionKeyReplaced, "WeChat says the stored current key was replaced");
        (await _store.GetAsync(TestClient.AppId, "oUser"))!.SessionKey.Should().Be(current, "the key WeChat holds current was promoted");
    }

    [Fact]
    public async Task VerifyProfileAsync_LoginsFarApart_VerifiesWithoutAskingWeChat()
    {
        Issue();
        await _server.LoginAsync("c1");
        _time.Advance(UserProfileServer.KeyOrderUncertainty + TimeSpan.FromSeconds(1));
        var key = Issue();
        await _server.LoginAsync("c2");
        var result = await ProfileUnder(key);

        await _server.VerifyProfileAsync("oUser", result);

        _api.Count("/wxa/checksession").Should().Be(0, "the truth check costs a WeChat call only when the store's order is in doubt");
    }

    [Fact]
    public async Task VerifyProfileAsync_DataUnderAKeyTwoLoginsAgo_IsNotCalledReplaced()
    {
        var oldest = Issue();
        await _server.LoginAsync("c1");
        var result = await ProfileUnder(oldest);
        Issue();
        _time.Advance(TimeSpan.FromSeconds(1));
        await _server.LoginAsync("c2");
        Issue();
        _time.Advance(TimeSpan.FromSeconds(1));
        await _server.LoginAsync("c3");

        var act = () => _server.VerifyProfileAsync("oUser", result);

        (await act.Should().ThrowAsync<OpenDataException>()).Which.Error.Should().Be(OpenDataError.SignatureMismatch, "only the previous key is kept, and only the previous key explains");
    }

    [Fact]
    public async Task VerifyProfileAsync_TamperedDataUnderThePreviousKey_IsNotCalledReplaced()
    {
        var first = Issue();
        await _server.LoginAsync("c1");
        var result = await ProfileUnder(first);
        Issue();
        _time.Advance(TimeSpan.FromSeconds(1));
        await _server.LoginAsync("c2");

        var act = () => _server.VerifyProfileAsync("oUser", result.RawData.Replace(result.UserInfo.NickName, "Mallory", StringComparison.Ordinal), result.Signature, result.EncryptedData, result.Iv);

        (await act.Should().ThrowAsync<OpenDataException>()).Which.Error.Should().Be(OpenDataError.SignatureMismatch);
    }

    [Fact]
    public async Task VerifyProfileAsync_NoSession_FailsWithSessionNotFound()
    {
        var result = await ProfileUnder(TestClient.NewSessionKey());

        var act = () => _server.VerifyProfileAsync("oNobody", result);

        var error = (await act.Should().ThrowAsync<OpenDataException>()).Which;
        (error.Error, error.ErrorCode).Should().Be((OpenDataError.SessionNotFound, -41001));
        error.Reason.Should().Contain("never logged in, or the session expired");
    }

    [Fact]
    public async Task VerifyProfileAsync_OtherFailures_AreReportedAsThemselves()
    {
        var key = Issue();
        await _server.LoginAsync("code");
        var result = await ProfileUnder(key);

        var missing = () => _server.VerifyProfileAsync("oUser", result.RawData, null!, result.EncryptedData, result.Iv);
        (await missing.Should().ThrowAsync<OpenDataException>()).Which.Error.Should().Be(OpenDataError.MissingSignature);

        _time.Advance(TimeSpan.FromMinutes(11));
        var stale = () => _server.VerifyProfileAsync("oUser", result);
        (await stale.Should().ThrowAsync<OpenDataException>()).Which.Error.Should().Be(OpenDataError.DataExpired);
    }

    [Fact]
    public async Task LoginAsync_WeChatRejectsTheCode_ThrowsWeChatApiExceptionAndStoresNothing()
    {
        var act = () => _server.LoginAsync("bad");

        (await act.Should().ThrowAsync<WeChatApiException>()).Which.ErrCode.Should().Be(40029);
        (await _store.GetAsync(TestClient.AppId, "oUser")).Should().BeNull();
    }

    [Fact]
    public async Task Telemetry_SpansForLoginStoreAndVerify_CarryOutcomesOnly()
    {
        using var telemetry = new TelemetryCapture();
        var first = Issue();
        await _server.LoginAsync("c1");
        var result = await ProfileUnder(first);
        var second = Issue();
        await _server.LoginAsync("c2");
        await _server.Invoking(s => s.VerifyProfileAsync("oUser", result)).Should().ThrowAsync<OpenDataException>();
        await _server.Invoking(s => s.LoginAsync("bad")).Should().ThrowAsync<WeChatApiException>();

        var names = telemetry.Activities.Select(a => a.OperationName).ToList();
        names.Should().Contain(["UserProfile.Login", "UserProfile.SessionStore.Save", "UserProfile.SessionStore.Get", "UserProfile.VerifyProfile"]);
        telemetry.Activities.Single(a => a.OperationName == "UserProfile.VerifyProfile").GetTagItem("userprofile.error").Should().Be("SessionKeyReplaced");
        names.Should().NotContain("UserProfile.VerifyAndDecrypt", "the facade records one span per verification, not one per key it tries");
        telemetry.Sum("userprofile.server.failures").Should().Be(1, "one rejected result is one failure, however many keys were tried");
        telemetry.Activities.Where(a => a.OperationName == "UserProfile.Login").Select(a => a.GetTagItem("userprofile.wechat_errcode")).Should().Equal(0, 0, 40029);
        telemetry.Sum("userprofile.server.logins", "userprofile.wechat_errcode", 0).Should().Be(2);
        telemetry.Sum("userprofile.server.session_store.operations", "userprofile.session_store.outcome", "found").Should().Be(1);
        telemetry.AllText().Should().NotContain(text => text.Contains(first, StringComparison.Ordinal) || text.Contains(second, StringComparison.Ordinal) || text.Contains("oUser", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_VerifierForAnotherApp_Throws()
    {
        var apiOptions = new WeChatApiOptions { AppId = TestClient.AppId, AppSecret = "s" };
        var act = () => new UserProfileServer(
            new WeChatLoginClient(_api.Client(), apiOptions), _store, new UserProfileVerifier(new OpenDataOptions { AppId = "wx0123456789abcdef" }));

        act.Should().Throw<ArgumentException>().WithMessage("*configure one AppId for both*");
    }

    /// <summary>Scripts WeChat's checksession: <paramref name="currentKey"/> is the user's current key, any other answers 87009.</summary>
    private void WeChatSays(string currentKey)
    {
        _api.On("/cgi-bin/stable_token", "{\"access_token\":\"T\",\"expires_in\":7200}");
        _api.On("/wxa/checksession", request => ScriptedWeChatApi.Query(request, "signature") == WeChatLoginClient.ComputeCheckSessionSignature(currentKey)
            ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
            : "{\"errcode\":87009,\"errmsg\":\"invalid signature\"}");
    }

    private string Issue()
    {
        var key = TestClient.NewSessionKey();
        _keys.Enqueue(key);
        return key;
    }

    private Task<SuccessCallbackResult> ProfileUnder(string key) => TestClient.Create(sessionKey: key, time: _time).GetUserProfileAsync(new Option { Desc = "Complete your profile" });
}
