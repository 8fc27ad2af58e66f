using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// The emulator as one ASP.NET Core application, whatever serves it: Kestrel on 127.0.0.1 (<see cref="WeChatEmulatorHost"/>)
/// or the in-memory test server (<see cref="WeChatEmulator.CreateHandler"/>). Same endpoints, same answers.
/// </summary>
internal static class EmulatorApplication
{
    public static WebApplication Build(WeChatEmulator emulator, Action<WebApplicationBuilder> server)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        server(builder);
        var app = builder.Build();

        // A request no endpoint takes (404, or 405 for a method it does not take) gets the list of endpoints.
        app.UseStatusCodePages(context => EmulatorEndpoint.WriteAsync(
            context.HttpContext, WeChatEmulator.NoSuchEndpoint(context.HttpContext.Request.Method, context.HttpContext.Request.Path.Value ?? "/", context.HttpContext.Response.StatusCode)));
        emulator.MapEndpoints(app);
        return app;
    }
}
