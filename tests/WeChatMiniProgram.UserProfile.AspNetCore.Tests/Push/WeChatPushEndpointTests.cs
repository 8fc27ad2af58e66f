using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Push;

/// <summary>MapWeChatPush over a test server, its settings bound from configuration as an app binds them.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class WeChatPushEndpointTests : IAsyncLifetime
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Token = "pushToken2026";
    private const string AesKey = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";

    private const string MediaCheck = "{\"ToUserName\":\"gh_1\",\"FromUserName\":\"oUser\",\"CreateTime\":1800000000,\"MsgType\":\"event\",\"Event\":\"wxa_media_check\","
        + "\"appid\":\"wx4f4bc4dec97d474b\",\"trace_id\":\"trace-1\",\"version\":2,\"detail\":[],\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"suggest\":\"pass\",\"label\":100}}";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly ConcurrentQueue<WeChatMediaCheckEvent> _checks = new();
    private readonly ConcurrentQueue<string> _logs = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private int _failNext;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = AppId,
            ["WeChat:AppSecret"] = "secret-of-the-test",
            ["WeChat:Push:Token"] = Token,
            ["WeChat:Push:EncodingAesKey"] = AesKey,
            ["WeChat:Push:Mode"] = "Secure",
        });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new Capture(_logs));
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddUserProfileServer(builder.Configuration.GetSection("WeChat"));
        builder.Services.AddWeChatPushHandler(WeChatMediaCheckEvent.EventName, (message, services, _) =>
        {
            if (Interlocked.Exchange(ref _failNext, 0) == 1)
            {
                throw new InvalidOperationException("the app's store is down");
            }

            _checks.Enqueue(message.MediaCheck!);
            return Task.CompletedTask;
        });
        _app = builder.Build();
        _app.MapWeChatPush("/wechat/push");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task UrlVerification_AnswersEchostr_OnlyWhenSigned()
    {
        var push = Writer().Write(MediaCheck);
        var query = push.Query with { EncryptType = null, MsgSignature = null };

        (await _client.GetStringAsync($"/wechat/push?{query.ToQueryString()}&echostr=4242")).Should().Be("4242");

        using var forged = await _client.GetAsync($"/wechat/push?{(query with { Signature = new string('a', 40) }).ToQueryString()}&echostr=4242");
        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await forged.Content.ReadAsStringAsync()).Should().NotContain("4242", "a refused verification echoes nothing");
    }

    [Fact]
    public async Task ASecurePush_IsHandedToItsHandler_TypedAndAcknowledgedWithSuccess()
    {
        using var response = await PostAsync(Writer().Write(MediaCheck));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("success");
        _checks.Should().ContainSingle().Which.Should().Match<WeChatMediaCheckEvent>(c => c.TraceId == "trace-1" && c.Suggest == ContentSuggest.Pass);
    }

    [Fact]
    public async Task AForgedOrReplayedPush_IsRefused_EchoingNothing_AndLoggedWithoutSecrets()
    {
        var push = Writer().Write(MediaCheck);
        using var forged = await PostAsync(push with { Query = push.Query with { MsgSignature = new string('b', 40) } });
        using var first = await PostAsync(push);
        using var replay = await PostAsync(push);

        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("InvalidSignature");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        replay.StatusCode.Should().Be(HttpStatusCode.Conflict);
        _checks.Should().ContainSingle("the forged and the replayed pushes reach no handler");
        _logs.Should().Contain(l => l.Contains("InvalidSignature", StringComparison.Ordinal)).And.Contain(l => l.Contains("Replayed", StringComparison.Ordinal));
        _logs.Should().NotContain(l => l.Contains(Token, StringComparison.Ordinal) || l.Contains(AesKey, StringComparison.Ordinal) || l.Contains("trace-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHandlerThatFails_Is503_AndWeChatsRedeliveryIsAccepted()
    {
        var push = Writer().Write(MediaCheck);
        _failNext = 1;

        using var failed = await PostAsync(push);
        using var redelivered = await PostAsync(push);

        failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        failed.Headers.RetryAfter.Should().NotBeNull();
        redelivered.StatusCode.Should().Be(HttpStatusCode.OK);
        _checks.Should().ContainSingle();
    }

    [Fact]
    public async Task AnEventWithoutAHandler_IsAcknowledged_SoWeChatStopsPushing()
    {
        using var response = await PostAsync(Writer().Write("{\"ToUserName\":\"gh_1\",\"MsgType\":\"event\",\"Event\":\"user_authorization_revoke\"}"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("success");
        _logs.Should().Contain(l => l.Contains("No handler for WeChat push user_authorization_revoke", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"Encrypt\":", 400, "Malformed")]
    [InlineData("<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;</Encrypt></xml>", 400, "Malformed")]
    public async Task AMalformedBody_IsA4xxProblem(string body, int status, string error)
    {
        var query = Writer().Write(MediaCheck).Query;
        using var response = await _client.PostAsync($"/wechat/push?{query.ToQueryString()}", new StringContent(body, Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().Be(status);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be(error);
    }

    [Fact]
    public async Task AnAppWithoutPush_Answers404ThatSaysWhatToSet()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddUserProfileServer(o => { o.AppId = AppId; o.AppSecret = "s"; });
        await using var app = builder.Build();
        app.MapWeChatPush();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.PostAsync("/wechat/push?timestamp=1&nonce=2&signature=x", new StringContent("{}"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("WeChat:Push:Token");
        FluentActions.Invoking(() => app.MapWeChatPush("/other", "wx0123456789abcdef")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task InvalidPushSettings_FailTheStart_NamingEach()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddUserProfileServer(o =>
        {
            o.AppId = AppId;
            o.AppSecret = "s";
            o.Push.Token = Token;
            o.Push.EncodingAesKey = "too-short";
        });
        await using var app = builder.Build();

        var start = async () => await app.StartAsync();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).WithMessage("*Push:EncodingAesKey must be the 43 letters*").Which.Message.Should().NotContain(Token);
    }

    private Task<HttpResponseMessage> PostAsync(WeChatPush push)
        => _client.PostAsync($"/wechat/push?{push.Query.ToQueryString()}", new StringContent(push.Body, Encoding.UTF8, push.ContentType));

    private WeChatPushWriter Writer() => new(new WeChatPushOptions { AppId = AppId, Token = Token, EncodingAesKey = AesKey }, _clock);

    private sealed class Capture(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(logs);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => logs.Enqueue(formatter(state, exception) + " " + exception?.Message);
        }
    }
}
