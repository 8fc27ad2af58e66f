using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkiaSharp;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Profiles;

/// <summary>
/// The address WeChat downloads an avatar from, on a test server with the emulator in-process (its downloads and pushes
/// routed to the test server): the request's own, forwarded headers only where the app trusts them, or
/// WeChat:PublicBaseAddress; and the check link that serves an avatar before it passed.
/// </summary>
public sealed class ProfileEndpointsTests
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";
    private const string PushToken = "pushToken2026";
    private const string PushKey = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";

    [Fact]
    public async Task BehindATrustedProxy_WeChatDownloadsFromTheForwardedAddress_AndTheAvatarUrlIsIt()
    {
        await using var backend = await Backend.StartAsync(trustProxy: true);
        var token = await backend.LogInAsync();

        using var upload = Upload(token);
        upload.Headers.Add("X-Forwarded-Host", "api.example.com");
        upload.Headers.Add("X-Forwarded-Proto", "https");
        (await backend.Client.SendAsync(upload)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await backend.Emulator.WhenPushesSettled();

        backend.Downloads.Should().ContainSingle().Which.Should().StartWith("https://api.example.com/avatars/").And.Contain("?check=");
        using var read = new HttpRequestMessage(HttpMethod.Get, "/profile");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        read.Headers.Add("X-Forwarded-Host", "api.example.com");
        read.Headers.Add("X-Forwarded-Proto", "https");
        var kept = await (await backend.Client.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();
        kept.GetProperty("avatarUrl").GetString().Should().StartWith("https://api.example.com/avatars/");
    }

    [Fact]
    public async Task RepeatedReads_EachShowTheAddressTheyCameThrough_AndAChangeAtOnce()
    {
        await using var backend = await Backend.StartAsync(trustProxy: true);
        var token = await backend.LogInAsync();
        (await backend.Client.SendAsync(Upload(token))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await backend.Emulator.WhenPushesSettled();

        // The JSON of an unchanged profile is remembered with the address its avatar URL was made under.
        (await ReadAsync(backend, token, "a.example.com")).GetProperty("avatarUrl").GetString().Should().StartWith("https://a.example.com/avatars/");
        (await ReadAsync(backend, token, "b.example.com")).GetProperty("avatarUrl").GetString().Should().StartWith("https://b.example.com/avatars/");
        (await ReadAsync(backend, token, "a.example.com")).GetProperty("avatarUrl").GetString().Should().StartWith("https://a.example.com/avatars/");

        using var rename = new HttpRequestMessage(HttpMethod.Put, "/profile/nickname") { Content = JsonContent.Create(new { nickName = "小红" }) };
        rename.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await backend.Client.SendAsync(rename)).StatusCode.Should().Be(HttpStatusCode.OK);
        var renamed = await ReadAsync(backend, token, "a.example.com");
        renamed.GetProperty("nickName").GetString().Should().Be("小红");
        renamed.GetProperty("avatarUrl").GetString().Should().StartWith("https://a.example.com/avatars/");
    }

    [Fact]
    public async Task PublicBaseAddress_IsTheAddressWeChatDownloadsFrom_WhateverTheRequestSays()
    {
        await using var backend = await Backend.StartAsync(trustProxy: false, publicBaseAddress: "https://wx.example.com/app/");
        var token = await backend.LogInAsync();

        using var upload = Upload(token);
        upload.Headers.Add("X-Forwarded-Host", "evil.example");
        await backend.Client.SendAsync(upload);
        await backend.Emulator.WhenPushesSettled();

        backend.Downloads.Should().ContainSingle().Which.Should().StartWith("https://wx.example.com/app/avatars/");
    }

    private static async Task<JsonElement> ReadAsync(Backend backend, string token, string forwardedHost)
    {
        using var read = new HttpRequestMessage(HttpMethod.Get, "/profile");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        read.Headers.Add("X-Forwarded-Host", forwardedHost);
        read.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await backend.Client.SendAsync(read);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task BeforeItPasses_AnAvatarIsServedOnlyThroughItsCheckLink()
    {
        await using var backend = await Backend.StartAsync(trustProxy: false, pushDelay: TimeSpan.FromHours(1));
        var token = await backend.LogInAsync();
        await backend.Client.SendAsync(Upload(token));
        var link = await backend.NextMediaUrl.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var path = new Uri(link).AbsolutePath;

        (await backend.Client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound, "checking: not public");
        (await backend.Client.GetAsync(path + "?check=forged")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var forWeChat = await backend.Client.GetAsync(new Uri(link).PathAndQuery);
        forWeChat.StatusCode.Should().Be(HttpStatusCode.OK);
        forWeChat.Headers.CacheControl!.NoStore.Should().BeTrue();
        (await backend.Client.GetAsync(path.Replace("/avatars/", "/avatars/x", StringComparison.Ordinal) + new Uri(link).Query)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a link opens its own avatar only");
    }

    [Fact]
    public async Task WeChatUnreachable_IsA503ThatSaysToSendAgain_AndNothingIsHalfKept()
    {
        await using var backend = await Backend.StartAsync(trustProxy: false);
        var token = await backend.LogInAsync();
        using (var named = new HttpRequestMessage(HttpMethod.Put, "/profile/nickname") { Content = JsonContent.Create(new { nickName = "Before" }) })
        {
            named.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await backend.Client.SendAsync(named)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        backend.WeChatUnreachable = true;
        using var renamed = new HttpRequestMessage(HttpMethod.Put, "/profile/nickname") { Content = JsonContent.Create(new { nickName = "After" }) };
        renamed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var refused = await backend.Client.SendAsync(renamed);
        var avatar = await backend.Client.SendAsync(Upload(token));

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter.Should().NotBeNull();
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("ContentCheckUnavailable");
        avatar.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/profile");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var kept = await (await backend.Client.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();
        kept.GetProperty("nickName").GetString().Should().Be("Before");
        kept.GetProperty("avatarState").ValueKind.Should().Be(JsonValueKind.Null);
    }

    private static HttpRequestMessage Upload(string token)
    {
        using var bitmap = new SKBitmap(64, 64);
        bitmap.Erase(SKColors.Teal);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var file = new ByteArrayContent(png.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        return new HttpRequestMessage(HttpMethod.Put, "/profile/avatar")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = new MultipartFormDataContent { { file, "file", "tmp.png" } },
        };
    }

    /// <summary>A backend on a test server; the emulator's outbound requests (downloads, pushes) go to it, recorded.</summary>
    private sealed class Backend : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private readonly WeChatCalls _calls;

        private Backend(WebApplication app, WeChatEmulator emulator, ConcurrentQueue<string> downloads, TaskCompletionSource<string> nextMediaUrl, WeChatCalls calls)
        {
            _calls = calls;
            _app = app;
            Emulator = emulator;
            Downloads = downloads;
            NextMediaUrl = nextMediaUrl;
            Client = app.GetTestClient();
        }

        public WeChatEmulator Emulator { get; }

        public ConcurrentQueue<string> Downloads { get; }

        /// <summary>The media_url the backend asked WeChat to download (mediaCheckAsync), as soon as it asked.</summary>
        public TaskCompletionSource<string> NextMediaUrl { get; }

        public HttpClient Client { get; }

        /// <summary>Sets whether content security's calls fail as a network outage would.</summary>
        public bool WeChatUnreachable { set => _calls.Unreachable = value; }

        public static async Task<Backend> StartAsync(bool trustProxy, string? publicBaseAddress = null, TimeSpan? pushDelay = null)
        {
            var emulator = new WeChatEmulator(new WeChatEmulatorOptions { IdentitySeed = Guid.NewGuid().ToString() });
            emulator.AddApp(new EmulatorApp(AppId, Secret)
            {
                PushUrl = new Uri("http://localhost/wechat/push"),
                PushToken = PushToken,
                PushEncodingAesKey = PushKey,
                PushMode = WeChatPushMode.Secure,
                PushDelay = pushDelay ?? TimeSpan.FromSeconds(1),
            });
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChat:AppId"] = AppId,
                ["WeChat:AppSecret"] = Secret,
                ["WeChat:ApiBaseAddress"] = "https://emulator.test/",
                ["WeChat:PublicBaseAddress"] = publicBaseAddress,
                ["WeChat:Push:Token"] = PushToken,
                ["WeChat:Push:EncodingAesKey"] = PushKey,
                ["WeChat:Push:Mode"] = "Secure",
            });
            builder.Services.AddUserProfileServer(builder.Configuration.GetSection("WeChat"));
            var mediaUrl = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = new WeChatCalls(mediaUrl);
            builder.Services.AddHttpClient(UserProfileServerServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new WeChatCallsHandler(emulator.CreateHandler(), calls));
            builder.Services.AddAuthentication(WeChatSessionDefaults.AuthenticationScheme).AddWeChatSession();
            builder.Services.AddAuthorization();
            var app = builder.Build();
            if (trustProxy)
            {
                var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedProto };
#if NET10_0_OR_GREATER
                forwarded.KnownIPNetworks.Clear();
#else
                forwarded.KnownNetworks.Clear();
#endif
                forwarded.KnownProxies.Clear();
                app.UseForwardedHeaders(forwarded);
            }

            app.UseAuthentication();
            app.UseAuthorization();
            app.MapWeChatLogin("/login");
            app.MapWeChatProfile("/profile");
            app.MapWeChatPush("/wechat/push");
            await app.StartAsync();

            var downloads = new ConcurrentQueue<string>();
            emulator.RouteOutboundTo(new Downloads(app.GetTestServer().CreateHandler(), downloads));
            return new Backend(app, emulator, downloads, mediaUrl, calls);
        }

        public async Task<string> LogInAsync()
        {
            using var login = await Client.PostAsJsonAsync("/login", new { code = Emulator.Login(AppId, "alice") });
            return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The emulator's GETs: what WeChat downloaded.</summary>
    private sealed class Downloads(HttpMessageHandler inner, ConcurrentQueue<string> downloads) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                downloads.Enqueue(request.RequestUri!.ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class WeChatCalls(TaskCompletionSource<string> mediaUrl)
    {
        public TaskCompletionSource<string> MediaUrl { get; } = mediaUrl;

        public volatile bool Unreachable;
    }

    /// <summary>The backend's calls to WeChat: records a mediaCheckAsync's media_url; fails content security on demand.</summary>
    private sealed class WeChatCallsHandler(HttpMessageHandler inner, WeChatCalls calls) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (calls.Unreachable && path.StartsWith("/wxa/", StringComparison.Ordinal))
            {
                throw new HttpRequestException("Connection refused (api.weixin.qq.com:443)", new System.Net.Sockets.SocketException(111));
            }

            if (path.EndsWith("/wxa/media_check_async", StringComparison.Ordinal))
            {
                var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
                calls.MediaUrl.TrySetResult(body.RootElement.GetProperty("media_url").GetString()!);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
