using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>
/// The date-sensitive rules (the watermark's MaxDataAge, session lifetimes, access-token refresh) run with the clock
/// started today, a year from now and five years from now: a test that quietly depended on the date it was written
/// would pass on the first and fail on the others.
/// </summary>
public sealed class DateIndependenceTests : IDisposable
{
    private readonly ScriptedWeChatApi _api = new();

    public static TheoryData<int> YearsAhead => new() { 0, 1, 5 };

    public void Dispose() => _api.Dispose();

    [Theory]
    [MemberData(nameof(YearsAhead))]
    public async Task Watermark_FreshOnTheClientsClock_VerifiesThenExpires(int yearsAhead)
    {
        var time = Start(yearsAhead);
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key, time: time).GetUserProfileAsync(new Option { Desc = "ok" });
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId, MaxDataAge = TimeSpan.FromMinutes(10) }, time);

        verifier.VerifyAndDecrypt(result, key).Watermark.Timestamp.Should().Be(time.GetUtcNow().ToUnixTimeSeconds());

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        verifier.Invoking(v => v.VerifyAndDecrypt(result, key)).Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.DataExpired);
    }

    [Theory]
    [MemberData(nameof(YearsAhead))]
    public async Task Session_LivesForItsLifetimeThenExpires(int yearsAhead)
    {
        var time = Start(yearsAhead);
        var key = TestClient.NewSessionKey();
        _api.On("/sns/jscode2session", _ => $"{{\"openid\":\"oUser\",\"session_key\":\"{key}\"}}");
        var store = new InMemoryWeChatSessionStore(new WeChatSessionStoreOptions { SessionLifetime = TimeSpan.FromDays(3) }, time);
        var server = new UserProfileServer(
            new WeChatLoginClient(_api.Client(), ApiOptions(), timeProvider: time),
            store,
            new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId, MaxDataAge = TimeSpan.FromMinutes(10) }, time),
            time);

        (await server.LoginAsync("code")).IssuedAt.Should().Be(time.GetUtcNow());
        var result = await TestClient.Create(sessionKey: key, time: time).GetUserProfileAsync(new Option { Desc = "ok" });
        (await server.VerifyProfileAsync("oUser", result)).NickName.Should().Be(result.UserInfo.NickName);

        time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1));
        (await store.GetAsync(TestClient.AppId, "oUser")).Should().NotBeNull();
        time.Advance(TimeSpan.FromSeconds(1));
        (await store.GetAsync(TestClient.AppId, "oUser")).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(YearsAhead))]
    public async Task AccessToken_RefreshedShortlyBeforeItExpires(int yearsAhead)
    {
        var time = Start(yearsAhead);
        var issued = 0;
        _api.On("/cgi-bin/stable_token", _ => $"{{\"access_token\":\"T{Interlocked.Increment(ref issued)}\",\"expires_in\":7200}}");
        var tokens = new WeChatAccessTokenProvider(_api.Client(), ApiOptions(), time);

        (await tokens.GetAccessTokenAsync()).Should().Be("T1");
        time.Advance(TimeSpan.FromSeconds(7200) - WeChatAccessTokenProvider.RefreshMargin - TimeSpan.FromSeconds(1));
        (await tokens.GetAccessTokenAsync()).Should().Be("T1");
        time.Advance(TimeSpan.FromSeconds(1));
        (await tokens.GetAccessTokenAsync()).Should().Be("T2");
    }

    private static TestClock Start(int yearsAhead) => new(new TestClock().GetUtcNow().AddYears(yearsAhead));

    private static WeChatApiOptions ApiOptions()
        => new() { AppId = TestClient.AppId, AppSecret = "0123456789abcdef0123456789abcdef", ApiBaseAddress = new Uri("https://api.example.test") };
}
