using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.ContentSecurity;

public sealed class WeChatContentSecurityClientTests : IDisposable
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly ScriptedWeChatApi _api = new();

    public WeChatContentSecurityClientTests() => _api.On("/cgi-bin/stable_token", "{\"access_token\":\"T1\",\"expires_in\":7200}");

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task CheckTextAsync_SendsMsgSecCheckV2_AndReadsTheVerdict()
    {
        _api.On("/wxa/msg_sec_check", "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"suggest\":\"risky\",\"label\":20001},"
            + "\"detail\":[{\"strategy\":\"content_model\",\"errcode\":0,\"suggest\":\"risky\",\"label\":20006,\"prob\":90},"
            + "{\"strategy\":\"keyword\",\"errcode\":0,\"suggest\":\"pass\",\"label\":20006,\"level\":20,\"keyword\":\"命中\"}],\"trace_id\":\"60ae120f-371d5872-7941a05b\"}");

        var verdict = await Client().CheckTextAsync("oUser", "小明 😀", ContentScene.Profile);

        verdict.Should().BeEquivalentTo(new TextCheckVerdict(ContentSuggest.Risky, 20001, "60ae120f-371d5872-7941a05b",
        [
            new ContentCheckDetail("content_model", 0, ContentSuggest.Risky, 20006, Prob: 90),
            new ContentCheckDetail("keyword", 0, ContentSuggest.Pass, 20006, Keyword: "命中", Level: 20),
        ]));
        verdict.LabelName.Should().Be("politics");
        var request = _api.Requests.Single(r => r.RequestUri!.AbsolutePath == "/wxa/msg_sec_check");
        request.Method.Should().Be(HttpMethod.Post);
        ScriptedWeChatApi.Query(request, "access_token").Should().Be("T1");
        using var body = JsonDocument.Parse(_api.Bodies("/wxa/msg_sec_check").Single());
        body.RootElement.GetProperty("version").GetInt32().Should().Be(2);
        body.RootElement.GetProperty("openid").GetString().Should().Be("oUser");
        body.RootElement.GetProperty("scene").GetInt32().Should().Be(1);
        body.RootElement.GetProperty("content").GetString().Should().Be("小明 😀");
        verdict.ToString().Should().NotContain("命中", "a keyword quotes the user's content");
    }

    [Fact]
    public async Task StartMediaCheckAsync_SendsMediaCheckAsyncV2_AndReturnsTheTraceId()
    {
        _api.On("/wxa/media_check_async", "{\"errcode\":0,\"errmsg\":\"ok\",\"trace_id\":\"967e945cd8a3e458f3c74dcb886068e9\"}");

        var traceId = await Client().StartMediaCheckAsync("oUser", new Uri("https://backend.example/avatars/check/abc?t=1"), ContentMediaType.Image, ContentScene.Profile);

        traceId.Should().Be("967e945cd8a3e458f3c74dcb886068e9");
        using var body = JsonDocument.Parse(_api.Bodies("/wxa/media_check_async").Single());
        body.RootElement.GetProperty("media_url").GetString().Should().Be("https://backend.example/avatars/check/abc?t=1");
        body.RootElement.GetProperty("media_type").GetInt32().Should().Be(2);
        body.RootElement.GetProperty("version").GetInt32().Should().Be(2);
        body.RootElement.GetProperty("scene").GetInt32().Should().Be(1);
    }

    [Theory]
    [InlineData(61010, "within 2 hours")]
    [InlineData(40003, "openid")]
    [InlineData(43104, "another mini program")]
    [InlineData(40129, "scene")]
    [InlineData(44002, "empty")]
    [InlineData(47001, "could not read")]
    [InlineData(43302, "POST")]
    public async Task CheckTextAsync_EachDocumentedErrCode_IsAWeChatApiExceptionThatSaysWhatToDo(int errCode, string reason)
    {
        _api.On("/wxa/msg_sec_check", $"{{\"errcode\":{errCode},\"errmsg\":\"from WeChat\"}}");

        var thrown = await FluentActions.Awaiting(() => Client().CheckTextAsync("oUser", "text", ContentScene.Comment)).Should().ThrowAsync<WeChatApiException>();

        thrown.Which.ErrCode.Should().Be(errCode);
        thrown.Which.Reason.Should().Contain(reason);
        _api.Count("/wxa/msg_sec_check").Should().Be(1, "only -1 (busy) and a rejected token are tried again");
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(42001)]
    public async Task ARejectedToken_IsRenewedInNormalMode_AndTheCallMadeOnceMore(int errCode)
    {
        var tokens = 0;
        _api.On("/cgi-bin/stable_token", request => $"{{\"access_token\":\"T{++tokens}\",\"expires_in\":7200}}");
        _api.On("/wxa/msg_sec_check", request => ScriptedWeChatApi.Query(request, "access_token") == "T1"
            ? $"{{\"errcode\":{errCode},\"errmsg\":\"rejected\"}}"
            : "{\"errcode\":0,\"result\":{\"suggest\":\"pass\",\"label\":100},\"detail\":[],\"trace_id\":\"t\"}");

        (await Client().CheckTextAsync("oUser", "text", ContentScene.Forum)).Suggest.Should().Be(ContentSuggest.Pass);

        _api.Bodies("/cgi-bin/stable_token").Should().AllSatisfy(b => b.Should().Contain("\"force_refresh\":false"), "a rejected token is never forced first");
        _api.Count("/wxa/msg_sec_check").Should().Be(2);
    }

    [Fact]
    public async Task Bounds_AreCheckedBeforeAnyCall()
    {
        var client = Client();

        await FluentActions.Awaiting(() => client.CheckTextAsync("oUser", new string('字', WeChatContentSecurityClient.MaxTextLength + 1), ContentScene.Profile))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*at most 2500*");
        await FluentActions.Awaiting(() => client.CheckTextAsync("oUser", "", ContentScene.Profile)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => client.CheckTextAsync("", "text", ContentScene.Profile)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => client.CheckTextAsync("oUser", "bad \uD800 text", ContentScene.Profile)).Should().ThrowAsync<ArgumentException>().WithMessage("*lone surrogate*");
        await FluentActions.Awaiting(() => client.CheckTextAsync("oUser", "text", (ContentScene)5)).Should().ThrowAsync<ArgumentException>().WithMessage("*scene*");
        await FluentActions.Awaiting(() => client.StartMediaCheckAsync("oUser", new Uri("ftp://x/y"), ContentMediaType.Image, ContentScene.Profile)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => client.StartMediaCheckAsync("oUser", new Uri("https://x/y"), (ContentMediaType)3, ContentScene.Profile)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => client.CheckTextAsync("oUser", new string('字', WeChatContentSecurityClient.MaxTextLength), ContentScene.Profile))
            .Should().ThrowAsync<WeChatApiException>("at the bound the call is made, and this scripted API has no msg_sec_check");
        _api.Count("/wxa/msg_sec_check").Should().Be(1, "only the text within bounds was sent");
    }

    [Fact]
    public async Task AReplyWithoutAVerdict_IsAWeChatApiException_NotANullVerdict()
    {
        _api.On("/wxa/msg_sec_check", "{\"errcode\":0,\"errmsg\":\"ok\"}");

        await FluentActions.Awaiting(() => Client().CheckTextAsync("oUser", "text", ContentScene.Profile))
            .Should().ThrowAsync<WeChatApiException>().WithMessage("*neither a verdict*");
    }

    [Fact]
    public void ToString_LeavesTheSecretOut() => Client().ToString().Should().NotContain(Secret);

    private WeChatContentSecurityClient Client()
        => new(_api.Client(), new WeChatApiOptions { AppId = TestClient.AppId, AppSecret = Secret, ApiBaseAddress = new Uri("https://api.example.test") });
}
