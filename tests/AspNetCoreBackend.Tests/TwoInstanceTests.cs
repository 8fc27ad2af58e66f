using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Tests.Engines;

namespace AspNetCoreBackend.Tests;

/// <summary>Two instances of the sample over one PostgreSQL (SessionStore:Engine = postgresql).</summary>
[Collection(nameof(PausedEngines))]
public sealed class TwoInstancesOnPostgreSqlTests(TestPostgres postgres) : TwoInstanceTests("postgresql", postgres.ConnectionString, TestEngines.PostgresPid), IClassFixture<TestPostgres>;

/// <summary>Two instances of the sample over one Redis (SessionStore:Engine = redis).</summary>
[Collection(nameof(PausedEngines))]
public sealed class TwoInstancesOnRedisTests() : TwoInstanceTests("redis", TestEngines.Redis, TestEngines.RedisPid);

/// <summary>The engine tests pause the engines: they run one class at a time.</summary>
[CollectionDefinition(nameof(PausedEngines), DisableParallelization = true)]
public sealed class PausedEngines;

/// <summary>
/// Two real Kestrel instances of the sample backend on two ports of 127.0.0.1, one session engine, and the WeChat
/// emulator over Kestrel too: a login on one instance is a session on the other, and every verdict is WeChat's.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public abstract class TwoInstanceTests(string engine, string sessions, int enginePid) : IAsyncLifetime
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";
    private const int Users = 200;

    // A seed of its own: the openids differ from every other test's, so classes sharing an engine never share a session.
    private readonly WeChatEmulator _emulator = new WeChatEmulator(new WeChatEmulatorOptions { IdentitySeed = Guid.NewGuid().ToString() }).AddApp(new EmulatorApp(AppId, Secret));
    private WeChatEmulatorHost _emulatorHost = null!;
    private HttpClient _phone = null!;
    private Instance _a = null!;
    private Instance _b = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Users; i++)
        {
            _emulator.SetUser($"user{i}", new UserInfo { NickName = $"User {i}", Language = "zh_CN", City = "Guangzhou", Province = "Guangdong", Country = "China", AvatarUrl = $"https://example.test/{i}.png" });
        }

        _emulatorHost = await WeChatEmulatorHost.StartAsync(_emulator);
        _phone = new HttpClient { BaseAddress = _emulatorHost.Address };
        _a = Instance.Start(_emulatorHost.Address, engine, sessions);
        _b = Instance.Start(_emulatorHost.Address, engine, sessions);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _phone.Dispose();
        await _emulatorHost.DisposeAsync();
    }

    [Fact]
    public async Task LoginOnA_ProfileOnB_IsVerified()
    {
        _a.Address.Port.Should().NotBe(_b.Address.Port);
        var login = await LoginAsync(_a, "user1");

        using var response = await PostProfileAsync(_b, login.Token, await PhoneProfileAsync("user1"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<VerifiedProfile>())!.NickName.Should().Be("User 1");
    }

    [Fact]
    public async Task AProfileKeptThroughB_ReadsOnA_AndIsErasedEverywhere_WithTheKeyRingInTheEngine()
    {
        var login = await LoginAsync(_a, "user3");

        using (var named = await SendAsync(_b, HttpMethod.Put, "/profile/nickname", login.Token, JsonContent.Create(new { nickName = "Three" })))
        {
            named.StatusCode.Should().Be(HttpStatusCode.OK, "a token sealed by A opens on B: one key ring");
        }

        using (var kept = await SendAsync(_a, HttpMethod.Get, "/profile", login.Token))
        {
            (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nickName").GetString().Should().Be("Three");
        }

        (await SendAsync(_a, HttpMethod.Delete, "/profile", login.Token)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await SendAsync(_b, HttpMethod.Get, "/profile", login.Token)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await KeysInTheEngineAsync()).Should().BePositive("the engine keeps the Data Protection key ring");
    }

    [Fact]
    public async Task SecondLoginOnB_TheFirstResultPostedToA_IsSessionKeyReplaced()
    {
        var first = await LoginAsync(_a, "user2");
        var result = await PhoneProfileAsync("user2");
        await LoginAsync(_b, "user2");

        using var response = await PostProfileAsync(_a, first.Token, result);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(-41003);
        problem.RootElement.GetProperty("error").GetString().Should().Be("SessionKeyReplaced");
    }

    [Fact]
    public async Task TwoHundredUsersAcrossBothInstances_ThenAStops_NoSessionLostAndNoWrongVerdict()
    {
        var instances = new[] { _a, _b };
        var wrong = new ConcurrentBag<string>();
        var tokens = new ConcurrentDictionary<int, string>();

        // Every user logs in on one instance and posts to the other; every fourth user logs in again first, so the
        // result it posts is under a replaced key and must be answered SessionKeyReplaced.
        await Task.WhenAll(Enumerable.Range(0, Users).Select(async i =>
        {
            var user = $"user{i}";
            var login = await LoginAsync(instances[i % 2], user);
            var result = await PhoneProfileAsync(user);
            if (i % 4 == 3)
            {
                login = await LoginAsync(instances[(i + 1) % 2], user);
            }

            tokens[i] = login.Token;
            using var response = await PostProfileAsync(instances[(i + 1) % 2], login.Token, result);
            var body = await response.Content.ReadAsStringAsync();
            var expected = i % 4 == 3 ? "SessionKeyReplaced" : $"User {i}";
            var verdict = response.StatusCode == HttpStatusCode.OK
                ? JsonDocument.Parse(body).RootElement.GetProperty("nickName").GetString()
                : JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var error) ? error.GetString() : $"{(int)response.StatusCode} {body}";
            if (verdict != expected)
            {
                wrong.Add($"{user}: expected {expected}, got {verdict}");
            }
        }));

        wrong.Should().BeEmpty();

        // Instance A stops. B serves every session, including the ones A created and the tokens A issued.
        await _a.DisposeAsync();
        var lost = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, Users).Select(async i =>
        {
            using var response = await PostProfileAsync(_b, tokens[i], await PhoneProfileAsync($"user{i}"));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                lost.Add($"user{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }));

        lost.Should().BeEmpty();
    }

    [Fact]
    public async Task ConcurrentDoubleLoginsAcrossBothInstances_EveryVerdictIsWeChats_NoKeyLost()
    {
        // Each user runs wx.login twice, with a getUserProfile after each; WeChat's current key is the second login's.
        // The two codes are exchanged at once, one on each instance, so the instances store them in either order.
        var wrong = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var user = $"user{i}";
            var firstCode = await PhoneLoginAsync(user);
            var stale = await PhoneProfileAsync(user);
            var secondCode = await PhoneLoginAsync(user);
            var fresh = await PhoneProfileAsync(user);
            var logins = await Task.WhenAll(ExchangeAsync(_a, firstCode), ExchangeAsync(_b, secondCode));

            var freshVerdict = await VerdictAsync(i % 2 == 0 ? _a : _b, logins[i % 2].Token, fresh);
            var staleVerdict = await VerdictAsync(i % 2 == 0 ? _b : _a, logins[(i + 1) % 2].Token, stale);
            if (freshVerdict != $"User {i}")
            {
                wrong.Add($"{user}: the data under WeChat's current key got {freshVerdict}");
            }

            if (staleVerdict != "SessionKeyReplaced")
            {
                wrong.Add($"{user}: the data under the replaced key got {staleVerdict}");
            }
        }));

        wrong.Should().BeEmpty("every verdict must be WeChat's, and no key may be lost to the race");
    }

    [Fact]
    public async Task AnEngineThatHangs_Is503SessionStoreUnavailable_ThenServiceReturns()
    {
        var login = await LoginAsync(_a, "user7");
        var result = await PhoneProfileAsync("user7");

        TestEngines.Pause(enginePid);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        string verdict;
        try
        {
            using var response = await PostProfileAsync(_b, login.Token, result);
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5), "every 503 says when to try again");
            verdict = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
            elapsed.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(8), "the store's timeout is 5 s: an answer, never a hang");

            // A login whose store write fails has spent its code with WeChat: the answer says to call wx.login again.
            using var code = await _phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user = "user8" });
            using var loginDuringOutage = await _a.Client.PostAsJsonAsync("/login", new LoginRequest((await code.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()));
            loginDuringOutage.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            loginDuringOutage.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
            (await loginDuringOutage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("starts again from wx.login").And.NotContain("Nothing was changed");
        }
        finally
        {
            TestEngines.Resume(enginePid);
        }

        verdict.Should().Be("SessionStoreUnavailable");
        HttpStatusCode status = default;
        for (var attempt = 0; attempt < 5 && status != HttpStatusCode.OK; attempt++)
        {
            using var again = await PostProfileAsync(_b, login.Token, result);
            status = again.StatusCode;
        }

        status.Should().Be(HttpStatusCode.OK, "service comes back on its own when the engine does");
    }

    private async Task<string> PhoneLoginAsync(string user)
    {
        using var phone = await _phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user });
        phone.EnsureSuccessStatusCode();
        return (await phone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<LoginResponse> ExchangeAsync(Instance instance, string code)
    {
        using var response = await instance.Client.PostAsJsonAsync("/login", new LoginRequest(code));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LoginResponse>())!;
    }

    private static async Task<string?> VerdictAsync(Instance instance, string token, JsonElement result)
    {
        using var response = await PostProfileAsync(instance, token, result);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(body).RootElement.GetProperty("nickName").GetString()
            : JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var error) ? error.GetString() : $"{(int)response.StatusCode} {body}";
    }

    private async Task<LoginResponse> LoginAsync(Instance instance, string user)
    {
        using var phone = await _phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user });
        phone.EnsureSuccessStatusCode();
        var code = (await phone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        using var response = await instance.Client.PostAsJsonAsync("/login", new LoginRequest(code));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LoginResponse>())!;
    }

    private async Task<JsonElement> PhoneProfileAsync(string user)
    {
        using var response = await _phone.PostAsJsonAsync("emulator/getUserProfile", new { appid = AppId, user, desc = "登录", lang = "zh_CN", baseLibrary = "2.26.0" });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> SendAsync(Instance instance, HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return instance.Client.SendAsync(request);
    }

    private async Task<long> KeysInTheEngineAsync()
    {
        if (engine == "redis")
        {
            await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(sessions);
            return await redis.GetDatabase().ListLengthAsync("userprofile:dataprotection-keys");
        }

        await using var database = Npgsql.NpgsqlDataSource.Create(sessions);
        await using var count = database.CreateCommand("SELECT count(*) FROM userprofile_dataprotection_keys");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static Task<HttpResponseMessage> PostProfileAsync(Instance instance, string token, JsonElement result)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/profile") { Content = JsonContent.Create(result) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return instance.Client.SendAsync(request);
    }

    /// <summary>One instance of the sample on its own Kestrel port of 127.0.0.1, reached over real HTTP.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly WebApplicationFactory<Program> _factory;
        private bool _disposed;

        private Instance(WebApplicationFactory<Program> factory, Uri address)
        {
            _factory = factory;
            Address = address;
            Client = new HttpClient { BaseAddress = address };
        }

        public Uri Address { get; }

        public HttpClient Client { get; }

        public static Instance Start(Uri emulator, string engine, string sessions)
        {
            var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
                .UseSetting("WeChat:ApiBaseAddress", emulator.ToString())
                .UseSetting("SessionStore:Engine", engine)
                .UseSetting("ConnectionStrings:Sessions", sessions));
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new Instance(factory, new Uri(address));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_disposed)
            {
                _disposed = true;
                Client.Dispose();
                await _factory.DisposeAsync();
            }
        }
    }
}
