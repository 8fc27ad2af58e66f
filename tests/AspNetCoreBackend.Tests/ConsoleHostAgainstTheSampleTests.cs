using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.Emulator;

namespace AspNetCoreBackend.Tests;

/// <summary>
/// samples/ConsoleHost with --backend, as a user runs it (its own process, stdin), against the sample backend and the
/// emulator on Kestrel: the fill-in only when nothing is kept, and getUserProfile on an old base library.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class ConsoleHostAgainstTheSampleTests : IAsyncLifetime
{
    private readonly WeChatEmulator _emulator = new(new WeChatEmulatorOptions { IdentitySeed = Guid.NewGuid().ToString() });
    private WeChatEmulatorHost _emulatorHost = null!;
    private WebApplicationFactory<Program> _sample = null!;
    private string _backend = null!;

    public async Task InitializeAsync()
    {
        _emulatorHost = await WeChatEmulatorHost.StartAsync(_emulator);
        _emulator.AddApp(new EmulatorApp("wx4f4bc4dec97d474b", "demo-secret-of-the-userprofile-emulator"));
        _sample = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.UseSetting("WeChat:ApiBaseAddress", _emulatorHost.Address.ToString()));
        _sample.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _sample.StartServer();
        _backend = _sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        await _sample.DisposeAsync();
        await _emulatorHost.DisposeAsync();
    }

    [Fact]
    public async Task TheFillIn_AsksOnlyWhenNothingIsKept()
    {
        var first = await RunAsync("小明\nmint\n", "--emulator", _emulatorHost.Address.ToString(), "--backend", _backend);

        first.ExitCode.Should().Be(0, first.Output + first.Error);
        first.Output.Should().Contain("no profile kept (404 ProfileNotKept)").And.Contain("PUT /profile/nickname: 200").And.Contain("\"nickName\":\"小明\"").And.Contain("PUT /profile/avatar: 202");

        var second = await RunAsync(string.Empty, "--emulator", _emulatorHost.Address.ToString(), "--backend", _backend);

        second.ExitCode.Should().Be(0, second.Output + second.Error);
        second.Output.Should().Contain("nothing to ask: the profile is kept").And.Contain("\"nickName\":\"小明\"").And.NotContain("<input type=\"nickname\">");
    }

    [Fact]
    public async Task AnOldBaseLibrary_PostsGetUserProfilesResult_WhichTheBackendKeeps()
    {
        var run = await RunAsync("y\n", "--emulator", _emulatorHost.Address.ToString(), "--backend", _backend, "--user", "bob", "--base-library", "2.26.0");

        run.ExitCode.Should().Be(0, run.Output + run.Error);
        run.Output.Should().Contain("POST /profile: 200").And.Contain("\"anonymous\":false").And.Contain("\"kept\":{");
    }

    [Fact]
    public async Task Backend_WithoutEmulator_SaysWhatItNeeds()
    {
        var run = await RunAsync(string.Empty, "--backend", _backend);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--backend needs --emulator");
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string input, params string[] args) => ConsoleHostProcess.RunAsync(input, args);
}
