using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Logging;

/// <summary>
/// A backend built as the docs show, on Kestrel, against the emulator over HTTP, with every log message of every
/// category captured at Trace: login, the access-token fetch, checkSessionKey and profile posts. On .NET 8 and .NET 10
/// (this project runs on both), no message holds the AppSecret, an access token, a session key, a login code, a
/// checksession signature or a bearer token, and the calls to WeChat are still logged.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, Secret));
    private readonly Capture _logs = new();
    private readonly ConcurrentBag<string> _codes = [];
    private WeChatEmulatorHost _emulatorHost = null!;
    private WebApplication _backend = null!;
    private HttpClient _phone = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulatorHost = await WeChatEmulatorHost.StartAsync(_emulator);
        _phone = new HttpClient { BaseAddress = _emulatorHost.Address };

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(_logs);
        // An app that turns the factory's default logging on for every client, as many do to see their HTTP calls.
        builder.Services.ConfigureHttpClientDefaults(client => client.AddDefaultLogger());
        builder.Services.AddUserProfileServer(options =>
        {
            options.AppId = AppId;
            options.AppSecret = Secret;
            options.ApiBaseAddress = _emulatorHost.Address;
        });
        builder.Services.AddAuthentication(WeChatSessionDefaults.AuthenticationScheme).AddWeChatSession();
        builder.Services.AddAuthorization();
        builder.Services.AddProblemDetails();
        _backend = builder.Build();
        _backend.UseAuthentication();
        _backend.UseAuthorization();
        _backend.MapWeChatLogin("/login");
        _backend.MapWeChatProfile("/profile");
        await _backend.StartAsync();
        var address = _backend.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _phone.Dispose();
        await _backend.DisposeAsync();
        await _emulatorHost.DisposeAsync();
    }

    [Fact]
    public async Task WholeFlow_AtTrace_LogsTheCallsAndNoSecret()
    {
        var first = await LoginAsync("alice");
        var stale = await ProfileAsync("alice");
        (await PostProfileAsync(first, stale)).Should().Contain("\"nickName\"", "a current result verifies");
        await LoginAsync("alice"); // replaces the key of 'stale': the backend asks checksession which key is current
        (await PostProfileAsync(first, stale)).Should().Contain("SessionKeyReplaced");
        var openId = first.GetProperty("openid").GetString()!;
        var session = (await _backend.Services.GetRequiredService<IWeChatSessionStore>().GetAsync(AppId, openId))!;
        _emulator.InjectFault("checksession", 40001); // the token is renewed, and the call made again
        (await _backend.Services.GetRequiredService<WeChatLoginClient>().CheckSessionKeyAsync(openId, session.SessionKey)).Should().BeTrue();
        var accessToken = await _backend.Services.GetRequiredService<WeChatAccessTokenProvider>().GetAccessTokenAsync();

        var messages = _logs.Messages.ToList();
        messages.Should().Contain(m => m.Contains("/sns/jscode2session", StringComparison.Ordinal), "the calls to WeChat are logged, without their query");
        messages.Should().Contain(m => m.Contains("/cgi-bin/stable_token", StringComparison.Ordinal));
        messages.Should().Contain(m => m.Contains("/wxa/checksession", StringComparison.Ordinal));
        messages.Should().Contain(m => m.Contains("SessionKeyReplaced", StringComparison.Ordinal));
        messages.Should().Contain(m => m.Contains("rejected the access token", StringComparison.Ordinal) && m.Contains("40001", StringComparison.Ordinal));

        var secrets = new Dictionary<string, string>
        {
            ["the AppSecret"] = Secret,
            ["the access token"] = accessToken,
            ["the session key"] = session.SessionKey,
            ["the previous session key"] = session.PreviousSessionKey!,
            ["the checksession signature"] = WeChatLoginClient.ComputeCheckSessionSignature(session.SessionKey),
            ["the previous key's checksession signature"] = WeChatLoginClient.ComputeCheckSessionSignature(session.PreviousSessionKey!),
            ["the bearer token"] = first.GetProperty("token").GetString()!,
        };
        foreach (var (code, i) in _codes.Select((c, i) => (c, i)))
        {
            secrets[$"login code {i}"] = code;
        }

        secrets.Should().HaveCountGreaterThan(8);
        foreach (var (name, value) in secrets)
        {
            value.Should().NotBeNullOrEmpty();
            messages.Where(m => m.Contains(value, StringComparison.Ordinal)).Should().BeEmpty($"no log message may hold {name} (on {Environment.Version})");
            messages.Where(m => m.Contains(Uri.EscapeDataString(value), StringComparison.Ordinal)).Should().BeEmpty($"no log message may hold {name}, escaped");
        }
    }

    private async Task<JsonElement> LoginAsync(string user)
    {
        using var phone = await _phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user });
        var code = (await phone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        _codes.Add(code);
        using var response = await _client.PostAsJsonAsync("/login", new { code });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> ProfileAsync(string user)
    {
        using var response = await _phone.PostAsJsonAsync("emulator/getUserProfile", new { appid = AppId, user, desc = "登录", baseLibrary = "2.26.0" });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> PostProfileAsync(JsonElement login, JsonElement result)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/profile") { Content = JsonContent.Create(result) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("token").GetString());
        using var response = await _client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every message of every category and level, with its scopes' values and its exception.</summary>
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                owner.Messages.Enqueue($"{category} scope: {state} {(state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs) : string.Empty)}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Messages.Enqueue(
                    $"{category} {eventId.Name}: {formatter(state, exception)} {(state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs) : string.Empty)} {exception}");
        }
    }
}
