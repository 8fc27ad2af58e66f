using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests;

/// <summary>
/// What the emulator takes: lone surrogates anywhere, users created whole or updated in part, users WeChat refuses to
/// log in (40226), replies labelled text/plain as live WeChat labels them, and malformed HTTP over Kestrel.
/// </summary>
public sealed class WeChatEmulatorInputTests : IDisposable
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string PlainAppId = "wx0123456789abcdef";
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly WeChatEmulator _emulator = new WeChatEmulator()
        .AddApp(new EmulatorApp(AppId, Secret))
        .AddApp(new EmulatorApp(PlainAppId, Secret) { ReplyAsTextPlain = true });

    private readonly HttpClient _http;

    public WeChatEmulatorInputTests() => _http = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("https://api.weixin.qq.com/") };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("POST", "emulator/getUserProfile", "{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"desc\":\"\\ud800\"}", "desc holds")]
    [InlineData("POST", "emulator/getUserProfile", "{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"lang\":\"x\\udc00\"}", "lang holds")]
    [InlineData("POST", "emulator/getUserProfile", "{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"extra\":{\"deep\":[\"ok\",\"\\udc00\"]}}", "extra.deep.[] holds")]
    [InlineData("POST", "emulator/login", "{\"\\ud800\":1}", "A member name holds")]
    [InlineData("PUT", "emulator/users/carol", "{\"nickName\":\"Carol \\ud83d\"}", "nickName holds")]
    [InlineData("POST", "emulator/faults", "{\"api\":\"jscode2session\",\"errcode\":-1,\"appid\":\"\\udfff\"}", "appid holds")]
    [InlineData("POST", "emulator/clock", "\"\\ud800\"", "The body holds")]
    [InlineData("POST", "emulator/prompts/1", "{\"decision\":\"\\ud800\"}", "decision holds")]
    public async Task LoneSurrogate_AnywhereInAnyBody_Is400NamingTheField(string method, string path, string body, string named)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MessageAsync(response)).Should().StartWith(named).And.Contain("lone surrogate");
    }

    [Fact]
    public async Task LoneSurrogate_OverKestrel_Is400NotAnEmpty500()
    {
        await using var host = await WeChatEmulatorHost.StartAsync(_emulator);
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.PostAsync("emulator/getUserProfile", new StringContent("{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"desc\":\"\\uDC00\"}", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MessageAsync(response)).Should().StartWith("desc holds");
    }

    [Fact]
    public async Task PutUser_NewUser_NeedsEveryField_AndNamesEachMissingOne()
    {
        using var response = await _http.PutAsJsonAsync("emulator/users/carol", new { nickName = "Carol", gender = 2, city = "X" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MessageAsync(response)).Should().Contain("missing: language, province, country, avatarUrl");
        (await _http.GetFromJsonAsync<JsonElement>("emulator/users")).EnumerateArray().Select(u => u.GetProperty("user").GetString()).Should().NotContain("carol", "nothing was kept");
    }

    [Fact]
    public async Task PutUser_ExistingUser_UpdatesOnlyTheFieldsSent()
    {
        using var response = await _http.PutAsJsonAsync("emulator/users/alice", new { nickName = "Alice 2" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetBoolean().Should().BeFalse();
        var alice = (await _http.GetFromJsonAsync<JsonElement>("emulator/users")).EnumerateArray().Single(u => u.GetProperty("user").GetString() == "alice").GetProperty("userInfo");
        (alice.GetProperty("nickName").GetString(), alice.GetProperty("city").GetString(), alice.GetProperty("gender").GetInt32()).Should().Be(("Alice 2", "Guangzhou", 2));
    }

    [Theory]
    [InlineData("{\"nickname\":\"lowercase n\"}", "'nickname' is not a userInfo field")]
    [InlineData("{\"city\":3}", "city must be a string")]
    [InlineData("{\"gender\":\"2\"}", "gender must be 0")]
    [InlineData("{\"blocked\":\"yes\"}", "blocked must be true")]
    public async Task PutUser_AWrongField_Is400NamingIt_AndChangesNothing(string body, string named)
    {
        using var response = await _http.PutAsync("emulator/users/alice", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MessageAsync(response)).Should().Contain(named);
        var alice = (await _http.GetFromJsonAsync<JsonElement>("emulator/users")).EnumerateArray().Single(u => u.GetProperty("user").GetString() == "alice");
        alice.GetProperty("userInfo").GetProperty("city").GetString().Should().Be("Guangzhou");
        alice.GetProperty("blocked").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task BlockedUser_Code2Session_Is40226_UntilUnblocked()
    {
        var login = LoginClient(AppId);
        using var block = await _http.PutAsJsonAsync("emulator/users/bob", new { blocked = true });
        block.EnsureSuccessStatusCode();
        (await _http.GetFromJsonAsync<JsonElement>("emulator/users")).EnumerateArray().Single(u => u.GetProperty("user").GetString() == "bob").GetProperty("blocked").GetBoolean().Should().BeTrue();

        var refused = await FluentActions.Awaiting(() => login.Code2SessionAsync(_emulator.Login(AppId, "bob"))).Should().ThrowAsync<WeChatApiException>();
        refused.Which.ErrCode.Should().Be(WeChatErrCodes.HighRiskUser);
        refused.Which.ErrMsg.Should().StartWith("invalid login rank");
        (await login.Code2SessionAsync(_emulator.Login(AppId, "alice"))).OpenId.Should().NotBeNullOrEmpty("only bob is blocked");

        _emulator.BlockUser("bob", blocked: false);
        (await login.Code2SessionAsync(_emulator.Login(AppId, "bob"))).OpenId.Should().NotBeNullOrEmpty();
        _emulator.GetCalls().Count(c => c.Api == "jscode2session" && c.ErrCode == 40226).Should().Be(1);
        FluentActions.Invoking(() => _emulator.BlockUser("nobody")).Should().Throw<ArgumentException>().WithMessage("*Unknown user 'nobody'*");
    }

    [Fact]
    public async Task ReplyAsTextPlain_LabelsWeChatsRepliesTextPlain_AndTheSdkStillReadsThem()
    {
        var code = _emulator.Login(PlainAppId, "alice");
        using var raw = await _http.GetAsync($"sns/jscode2session?appid={PlainAppId}&secret={Secret}&js_code={_emulator.Login(PlainAppId, "bob")}&grant_type=authorization_code");
        using var other = await _http.GetAsync($"sns/jscode2session?appid={AppId}&secret={Secret}&js_code={_emulator.Login(AppId, "bob")}&grant_type=authorization_code");
        raw.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        other.Content.Headers.ContentType!.MediaType.Should().Be("application/json", "only the app set so");
        (await raw.Content.ReadAsStringAsync()).Should().Contain("\"session_key\"");

        var login = LoginClient(PlainAppId);
        var session = await login.Code2SessionAsync(code);
        (await login.CheckSessionKeyAsync(session.OpenId, session.SessionKey)).Should().BeTrue("the token and checksession replies are text/plain too");
        var used = await FluentActions.Awaiting(() => login.Code2SessionAsync(code)).Should().ThrowAsync<WeChatApiException>();
        used.Which.ErrCode.Should().Be(WeChatErrCodes.CodeBeenUsed, "an errcode labelled text/plain is read as one");
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n", "HTTP/1.1 400 ")]
    [InlineData("Content-Length: 70000\r\n", null, "HTTP/1.1 413 ")]
    [InlineData("Content-Length: many\r\n", "{}", "HTTP/1.1 400 ")]
    public async Task MalformedHttp_OverKestrel_Is4xx(string framing, string? body, string status)
    {
        await using var host = await WeChatEmulatorHost.StartAsync(_emulator);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(IPAddress.Loopback, host.Address.Port, timeout.Token);
        body ??= "{\"a\":\"" + new string('x', 70_000 - 8) + "\"}";
        await socket.SendAsync(Encoding.UTF8.GetBytes($"POST /emulator/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{framing}\r\n{body}"), SocketFlags.None, timeout.Token);

        var answer = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        Encoding.UTF8.GetString(answer.ToArray()).Should().StartWith(status);
    }

    private WeChatLoginClient LoginClient(string appId)
    {
        var options = new WeChatApiOptions { AppId = appId, AppSecret = Secret, ApiBaseAddress = new Uri("https://api.weixin.qq.com") };
        return new WeChatLoginClient(_http, options, new WeChatAccessTokenProvider(_http, options));
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;
}
