using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Server;

namespace AspNetCoreBackend.Tests;

/// <summary>
/// Runs the backend's flows with every log message captured (every category, every level): the server half logs what
/// an operator needs (token fetches and why, rejected tokens, truth checks, replaced keys), and no message ever holds
/// a session key, the AppSecret or an access token.
/// </summary>
public sealed class LogSweepTests : IDisposable
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, Secret));
    private readonly Capture _logs = new();
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _phone;

    public LogSweepTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs))
            .ConfigureTestServices(services =>
                services.AddHttpClient(UserProfileServerServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(_emulator.CreateHandler)));
        _phone = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("http://emulator/") };
    }

    public void Dispose()
    {
        _phone.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task ServerFlows_LogWhatHappened_AndNoSecret()
    {
        using var backend = _factory.CreateClient();
        var first = await LoginAsync(backend, "alice");
        var stale = await ProfileAsync("alice");
        await LoginAsync(backend, "alice"); // replaces the key of 'stale'
        (await PostAsync(backend, first, stale)).Should().Contain("SessionKeyReplaced");
        var session = (await _factory.Services.GetRequiredService<IWeChatSessionStore>().GetAsync(AppId, JsonDocument.Parse(first).RootElement.GetProperty("openid").GetString()!))!;
        var tokens = _factory.Services.GetRequiredService<WeChatAccessTokenProvider>();
        _emulator.InjectFault("checksession", 40001);
        (await _factory.Services.GetRequiredService<WeChatLoginClient>().CheckSessionKeyAsync(session.OpenId, session.SessionKey)).Should().BeTrue();
        var accessToken = await tokens.GetAccessTokenAsync();

        var messages = _logs.Messages.ToList();
        messages.Should().Contain(m => m.Contains("SessionKeyReplaced", StringComparison.Ordinal));
        messages.Should().Contain(m => m.Contains("Fetching an access token", StringComparison.Ordinal) && m.Contains("first use", StringComparison.Ordinal));
        messages.Should().Contain(m => m.Contains("rejected the access token", StringComparison.Ordinal) && m.Contains("40001", StringComparison.Ordinal));
        foreach (var secret in new[] { session.SessionKey, session.PreviousSessionKey!, Secret, accessToken, JsonDocument.Parse(first).RootElement.GetProperty("token").GetString()! })
        {
            messages.Should().NotContain(m => m.Contains(secret, StringComparison.Ordinal), "no log message may hold a session key, the AppSecret or a token");
        }
    }

    private async Task<string> LoginAsync(HttpClient backend, string user)
    {
        using var phone = await _phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user });
        var code = (await phone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        using var response = await backend.PostAsJsonAsync("/login", new LoginRequest(code));
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonElement> ProfileAsync(string user)
    {
        using var response = await _phone.PostAsJsonAsync("emulator/getUserProfile", new { appid = AppId, user, desc = "登录" });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> PostAsync(HttpClient backend, string login, JsonElement result)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/profile") { Content = JsonContent.Create(result) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(login).RootElement.GetProperty("token").GetString());
        using var response = await backend.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

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
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Messages.Enqueue($"{category} {eventId.Name}: {formatter(state, exception)} {exception}");
        }
    }
}
