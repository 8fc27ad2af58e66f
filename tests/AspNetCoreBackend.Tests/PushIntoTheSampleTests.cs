using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Server;

namespace AspNetCoreBackend.Tests;

/// <summary>
/// The emulator and the sample, each on Kestrel: the backend starts a media check with its own content-security
/// client, the emulator downloads the image and pushes the verdict to the sample's /wechat/push in secure mode with
/// the Token and EncodingAESKey of the sample's appsettings.json, and the sample hands it to its handler.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class PushIntoTheSampleTests : IAsyncLifetime
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";

    private readonly WeChatEmulator _emulator = new(new WeChatEmulatorOptions { IdentitySeed = Guid.NewGuid().ToString() });
    private readonly TaskCompletionSource<WeChatMediaCheckEvent> _verdict = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WeChatEmulatorHost _emulatorHost = null!;
    private WebApplicationFactory<Program> _sample = null!;
    private WebApplication _images = null!;
    private Uri _sampleAddress = null!;

    public async Task InitializeAsync()
    {
        _emulatorHost = await WeChatEmulatorHost.StartAsync(_emulator);
        _sample = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("WeChat:ApiBaseAddress", _emulatorHost.Address.ToString())
            .ConfigureTestServices(services => services.AddWeChatPushHandler(WeChatMediaCheckEvent.EventName, (message, _, _) =>
            {
                _verdict.TrySetResult(message.MediaCheck!);
                return Task.CompletedTask;
            })));
        _sample.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _sample.StartServer();
        _sampleAddress = new Uri(_sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        var push = _sample.Services.GetRequiredService<IConfiguration>().GetSection("WeChat:Push");
        _emulator.AddApp(new EmulatorApp(AppId, Secret)
        {
            PushUrl = new Uri(_sampleAddress, "wechat/push"),
            PushToken = push["Token"],
            PushEncodingAesKey = push["EncodingAesKey"],
            PushMode = WeChatPushMode.Secure,
            PushDelay = TimeSpan.Zero,
        });

        var images = WebApplication.CreateSlimBuilder();
        images.Logging.ClearProviders();
        images.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _images = images.Build();
        _images.MapGet("/avatar.png", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "image/png"));
        await _images.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _images.DisposeAsync();
        await _sample.DisposeAsync();
        await _emulatorHost.DisposeAsync();
    }

    [Fact]
    public async Task TheEmulatorsVerdictPush_ReachesTheSamplesHandler_OverHttp()
    {
        using var phone = new HttpClient { BaseAddress = _emulatorHost.Address };
        using var backend = new HttpClient { BaseAddress = _sampleAddress };
        using var code = await phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user = "alice" });
        using var login = await backend.PostAsJsonAsync("/login", new { code = (await code.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString() });
        var openId = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("openid").GetString()!;
        var imageUrl = new Uri(new Uri(_images.Urls.Single()), "avatar.png");

        var traceId = await _sample.Services.GetRequiredService<WeChatContentSecurityClient>().StartMediaCheckAsync(openId, imageUrl, ContentMediaType.Image, ContentScene.Profile);

        var verdict = await _verdict.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _emulator.WhenPushesSettled();
        (verdict.TraceId, verdict.Suggest, verdict.AppId).Should().Be((traceId, ContentSuggest.Pass, AppId));
        _emulator.GetPushes().Should().ContainSingle().Which.Acknowledged.Should().BeTrue();
        (await backend.GetAsync("/wechat/push?signature=0&timestamp=1&nonce=2&echostr=x")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
