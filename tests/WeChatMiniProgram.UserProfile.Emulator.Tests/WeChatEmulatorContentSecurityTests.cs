using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests;

/// <summary>
/// msg_sec_check and media_check_async as the emulator plays them: every errcode, steerable verdicts, and the
/// wxa_media_check push delivered into a backend on Kestrel in every mode and format, retried until acknowledged.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class WeChatEmulatorContentSecurityTests : IAsyncLifetime
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string OtherAppId = "wx0123456789abcdef";
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private const string PushToken = "pushToken2026";
    private const string AesKey = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private readonly WeChatEmulator _emulator = new();
    private readonly ConcurrentQueue<WeChatPushMessage> _received = new();
    private WebApplication _backend = null!;
    private Uri _backendAddress = null!;
    private HttpClient _http = null!;
    private WeChatPushReceiver _receiver = null!;
    private int _refuseNext;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _backend = builder.Build();
        _backend.MapGet("/avatar.png", () => Results.Bytes(Png, "image/png"));
        _backend.MapGet("/not-an-image", () => Results.Text("hello"));
        _backend.MapPost("/wechat/push", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (Interlocked.Exchange(ref _refuseNext, 0) == 1)
            {
                return Results.StatusCode(500);
            }

            _received.Enqueue(_receiver.Receive(WeChatPushQuery.From(name => context.Request.Query[name].FirstOrDefault()), body.ToArray()));
            return Results.Text("success");
        });
        await _backend.StartAsync();
        _backendAddress = new Uri(_backend.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _http = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("https://api.weixin.qq.com/") };
        UsePush(WeChatPushMode.Secure, WeChatPushFormat.Json);
        _emulator.AddApp(new EmulatorApp(OtherAppId, Secret));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task MsgSecCheck_PassReviewRisky_ByTheAppsWordsAndTheDefaultList()
    {
        _emulator.AddApp(App(WeChatPushMode.Secure, WeChatPushFormat.Json) with { RiskyWords = new Dictionary<string, int> { ["spam-word"] = ContentLabels.Ads }, ReviewWords = new Dictionary<string, int> { ["maybe"] = ContentLabels.Other } });
        var openId = await ActiveUserAsync("alice");
        var client = ContentClient();

        (await client.CheckTextAsync(openId, "小明的昵称", ContentScene.Profile)).Should().Match<TextCheckVerdict>(v => v.Suggest == ContentSuggest.Pass && v.Label == 100 && v.TraceId.Length > 0);
        var risky = await client.CheckTextAsync(openId, "buy SPAM-WORD now", ContentScene.Comment);
        (risky.Suggest, risky.Label, risky.Details.Single(d => d.Strategy == "keyword").Keyword).Should().Be((ContentSuggest.Risky, ContentLabels.Ads, "spam-word"));
        (await client.CheckTextAsync(openId, "这里有赌博", ContentScene.Forum)).Should().Match<TextCheckVerdict>(v => v.Suggest == ContentSuggest.Risky && v.Label == ContentLabels.Crime);
        (await client.CheckTextAsync(openId, "maybe so", ContentScene.Profile)).Suggest.Should().Be(ContentSuggest.Review);
        (await client.CheckTextAsync(openId, "请加微信", ContentScene.Profile)).Should().Match<TextCheckVerdict>(v => v.Suggest == ContentSuggest.Review && v.Label == ContentLabels.Ads);
        _emulator.GetCalls().Where(c => c.Api == "msg_sec_check").Should().HaveCount(5).And.OnlyContain(c => c.ErrCode == 0 && c.AppId == AppId);
    }

    [Fact]
    public async Task MsgSecCheck_61010_UntilTheUserLogsIn_AndAgainTwoHoursLater()
    {
        var openId = OpenIdOf("bob");
        var client = ContentClient();

        (await ErrCodeAsync(() => client.CheckTextAsync(openId, "hi", ContentScene.Profile))).Should().Be(61010, "bob never opened the mini program");
        _emulator.Login(AppId, "bob");
        (await client.CheckTextAsync(openId, "hi", ContentScene.Profile)).Suggest.Should().Be(ContentSuggest.Pass);
        _emulator.AdvanceClock(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var stale = await FluentActions.Awaiting(() => client.CheckTextAsync(openId, "hi", ContentScene.Profile)).Should().ThrowAsync<WeChatApiException>();
        stale.Which.Reason.Should().Contain("within 2 hours");
    }

    [Fact]
    public async Task MsgSecCheck_EveryDocumentedErrCode()
    {
        var openId = await ActiveUserAsync("alice");
        var token = await new WeChatAccessTokenProvider(_http, Options(AppId)).GetAccessTokenAsync();
        _emulator.Login(OtherAppId, "bob");
        var otherAppsOpenId = (await new WeChatLoginClient(_http, Options(OtherAppId)).Code2SessionAsync(_emulator.Login(OtherAppId, "bob"))).OpenId;

        (await RawAsync(token, new { version = 2, openid = openId, scene = 9, content = "x" })).Should().Be(40129);
        (await RawAsync(token, new { version = 2, openid = openId, scene = 1, content = "" })).Should().Be(44002);
        (await RawAsync(token, new { version = 2, openid = openId, scene = 1, content = new string('x', 2501) })).Should().Be(47001);
        (await RawAsync(token, new { version = 1, openid = openId, scene = 1, content = "x" })).Should().Be(47001);
        (await RawAsync(token, new { version = 2, openid = "oNobody", scene = 1, content = "x" })).Should().Be(40003);
        (await RawAsync(token, new { version = 2, openid = otherAppsOpenId, scene = 1, content = "x" })).Should().Be(43104);
        (await RawAsync("not-a-token", new { version = 2, openid = openId, scene = 1, content = "x" })).Should().Be(40001);
        var get = await _http.GetFromJsonAsync<JsonElement>($"wxa/msg_sec_check?access_token={token}");
        get.GetProperty("errcode").GetInt32().Should().Be(43302);
        _emulator.InjectFault("msg_sec_check", -1, count: 1);
        (await RawAsync(token, new { version = 2, openid = openId, scene = 1, content = "x" })).Should().Be(-1);
    }

    [Theory]
    [InlineData(WeChatPushMode.Secure, WeChatPushFormat.Json)]
    [InlineData(WeChatPushMode.Secure, WeChatPushFormat.Xml)]
    [InlineData(WeChatPushMode.Compatible, WeChatPushFormat.Json)]
    [InlineData(WeChatPushMode.Compatible, WeChatPushFormat.Xml)]
    [InlineData(WeChatPushMode.Plaintext, WeChatPushFormat.Json)]
    [InlineData(WeChatPushMode.Plaintext, WeChatPushFormat.Xml)]
    public async Task MediaCheckAsync_DownloadsTheImage_AndPushesItsVerdict_InTheAppsModeAndFormat(WeChatPushMode mode, WeChatPushFormat format)
    {
        UsePush(mode, format);
        var openId = await ActiveUserAsync("alice");

        var traceId = await ContentClient().StartMediaCheckAsync(openId, new Uri(_backendAddress, "avatar.png"), ContentMediaType.Image, ContentScene.Profile);
        await _emulator.WhenPushesSettled();

        var push = _received.Should().ContainSingle().Which;
        (push.Format, push.WasEncrypted).Should().Be((format, mode != WeChatPushMode.Plaintext));
        push.MediaCheck.Should().Match<WeChatMediaCheckEvent>(c => c.TraceId == traceId && c.Checked && c.Suggest == ContentSuggest.Pass && c.Label == 100 && c.AppId == AppId);
        _emulator.GetPushes().Should().ContainSingle().Which.Should().Match<EmulatorPush>(p => p.Acknowledged && p.Attempt == 1 && p.Status == 200 && p.TraceId == traceId);
    }

    [Fact]
    public async Task MediaVerdicts_SteerTheNextCheckOfThatUser_AndANonImageIsRisky()
    {
        var openId = await ActiveUserAsync("alice");
        using var steer = await _http.PostAsJsonAsync("emulator/media-verdicts", new { appid = AppId, openid = openId, suggest = "risky", label = 20002 });
        steer.StatusCode.Should().Be(HttpStatusCode.OK);
        var client = ContentClient();

        var steered = await client.StartMediaCheckAsync(openId, new Uri(_backendAddress, "avatar.png"), ContentMediaType.Image, ContentScene.Profile);
        await _emulator.WhenPushesSettled();
        var next = await client.StartMediaCheckAsync(openId, new Uri(_backendAddress, "avatar.png"), ContentMediaType.Image, ContentScene.Profile);
        await _emulator.WhenPushesSettled();
        var notImage = await client.StartMediaCheckAsync(openId, new Uri(_backendAddress, "not-an-image"), ContentMediaType.Image, ContentScene.Profile);
        await _emulator.WhenPushesSettled();

        var verdicts = _received.Select(m => m.MediaCheck!).ToDictionary(c => c.TraceId);
        (verdicts[steered].Suggest, verdicts[steered].Label).Should().Be((ContentSuggest.Risky, 20002));
        verdicts[next].Suggest.Should().Be(ContentSuggest.Pass, "a verdict steers one check");
        (verdicts[notImage].Suggest, verdicts[notImage].Label).Should().Be((ContentSuggest.Risky, ContentLabels.Other));
    }

    [Fact]
    public async Task MediaCheckAsync_AnUnreachableUrl_Pushes1008()
    {
        var openId = await ActiveUserAsync("alice");

        var traceId = await ContentClient().StartMediaCheckAsync(openId, new Uri(_backendAddress, "missing.png"), ContentMediaType.Image, ContentScene.Profile);
        await _emulator.WhenPushesSettled();

        var check = _received.Should().ContainSingle().Which.MediaCheck!;
        (check.TraceId, check.ErrCode, check.Checked).Should().Be((traceId, -1008, false));
    }

    [Fact]
    public async Task APushTheBackendDoesNotAcknowledge_IsDeliveredAgain()
    {
        var openId = await ActiveUserAsync("alice");
        _refuseNext = 1;

        await ContentClient().StartMediaCheckAsync(openId, new Uri(_backendAddress, "avatar.png"), ContentMediaType.Image, ContentScene.Profile);
        await _emulator.WhenPushesSettled();

        _emulator.GetPushes().Select(p => (p.Attempt, p.Status, p.Acknowledged)).Should().Equal((1, 500, false), (2, 200, true));
        _received.Should().ContainSingle();
    }

    [Fact]
    public async Task PushSettings_OverHttp_AreValidated_AndUsed()
    {
        using var bad = await _http.PutAsJsonAsync($"emulator/apps/{AppId}/push", new { url = "ftp://x", token = "t", mode = "loud" });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().Contain("url").And.Contain("token");

        using var good = await _http.PutAsJsonAsync($"emulator/apps/{AppId}/push", new { url = new Uri(_backendAddress, "wechat/push").ToString(), token = PushToken, encodingAesKey = AesKey, mode = "secure", format = "xml", delaySeconds = 0 });
        good.StatusCode.Should().Be(HttpStatusCode.OK);
        await ContentClient().StartMediaCheckAsync(await ActiveUserAsync("alice"), new Uri(_backendAddress, "avatar.png"), ContentMediaType.Image, ContentScene.Profile);
        await _emulator.WhenPushesSettled();
        _received.Should().ContainSingle().Which.Format.Should().Be(WeChatPushFormat.Xml);
        (await _http.GetFromJsonAsync<JsonElement>("emulator/pushes")).EnumerateArray().Should().ContainSingle().Which.GetProperty("acknowledged").GetBoolean().Should().BeTrue();
        _emulator.ToString().Should().NotContain(PushToken);
    }

    private void UsePush(WeChatPushMode mode, WeChatPushFormat format)
    {
        _emulator.AddApp(App(mode, format));
        _receiver = new WeChatPushReceiver(new WeChatPushOptions { AppId = AppId, Token = PushToken, EncodingAesKey = AesKey, Mode = mode });
    }

    private EmulatorApp App(WeChatPushMode mode, WeChatPushFormat format) => new(AppId, Secret)
    {
        PushUrl = new Uri(_backendAddress, "wechat/push"), PushToken = PushToken, PushEncodingAesKey = AesKey, PushMode = mode, PushFormat = format, PushDelay = TimeSpan.Zero,
    };

    private async Task<string> ActiveUserAsync(string user) => (await new WeChatLoginClient(_http, Options(AppId)).Code2SessionAsync(_emulator.Login(AppId, user))).OpenId;

    private string OpenIdOf(string user) => _emulator.OpenIdOf(AppId, user);

    private WeChatContentSecurityClient ContentClient() => new(_http, Options(AppId));

    private static WeChatApiOptions Options(string appId) => new() { AppId = appId, AppSecret = Secret, ApiBaseAddress = new Uri("https://api.weixin.qq.com") };

    private async Task<int> RawAsync(string token, object body)
    {
        using var response = await _http.PostAsync($"wxa/msg_sec_check?access_token={token}", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32();
    }

    private static async Task<int?> ErrCodeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (WeChatApiException ex)
        {
            return ex.ErrCode;
        }
    }
}
