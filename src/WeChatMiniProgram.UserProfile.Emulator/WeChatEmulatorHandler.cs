using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// Answers an <see cref="HttpClient"/>'s requests in-process: the emulator's application on ASP.NET Core's in-memory
/// test server, so the same endpoints answer as over HTTP, with no port. Disposing the handler stops its server.
/// </summary>
internal sealed class WeChatEmulatorHandler : DelegatingHandler
{
    private readonly WebApplication _app;

    public WeChatEmulatorHandler(WeChatEmulator emulator)
    {
        _app = EmulatorApplication.Build(emulator, static builder => builder.WebHost.UseTestServer());
        _app.Start();
        InnerHandler = _app.GetTestServer().CreateHandler();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            ((IDisposable)_app).Dispose();
        }
    }
}
