using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests;

/// <summary>
/// A backend with the kept-profile routes' contract (POST /login, PUT /profile/nickname, PUT /profile/avatar as
/// wx.uploadFile's multipart, GET /profile) on Kestrel, recording what the phone sent: for the fill-in's tests.
/// </summary>
internal sealed class StandInProfileBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInProfileBackend(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Codes { get; } = new();

    public ConcurrentQueue<string> NickNames { get; } = new();

    public ConcurrentQueue<(string Field, string FileName, string ContentType, byte[] Bytes)> Avatars { get; } = new();

    public Uri Address => new(_app.Urls.Single() + "/");

    public static async Task<StandInProfileBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var backend = new StandInProfileBackend(app);
        app.MapPost("/login", async (HttpContext context) =>
        {
            var login = await context.Request.ReadFromJsonAsync<Dictionary<string, string>>();
            backend.Codes.Enqueue(login!["code"]);
            return Results.Json(new { token = "token-" + backend.Codes.Count, expires_in = 7200, openid = "oStandIn" });
        });
        app.MapPut("/profile/nickname", async (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization.ToString() is not { Length: > 13 } bearer || !bearer.StartsWith("Bearer token-", StringComparison.Ordinal))
            {
                return Results.Unauthorized();
            }

            backend.NickNames.Enqueue((await context.Request.ReadFromJsonAsync<Dictionary<string, string>>())!["nickName"]);
            return Results.Json(new { nickName = backend.NickNames.Last(), nickNameState = "pass" });
        });
        app.MapPut("/profile/avatar", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var file = form.Files.Single();
            using var bytes = new MemoryStream();
            await file.CopyToAsync(bytes);
            backend.Avatars.Enqueue((file.Name, file.FileName, file.ContentType, bytes.ToArray()));
            return Results.Json(new { avatarState = "checking" });
        });
        app.MapGet("/profile", () => Results.Json(new { nickName = backend.NickNames.LastOrDefault(), avatarUrl = backend.Avatars.IsEmpty ? null : "/avatars/1", nickNameState = "pass", avatarState = "checking" }));
        await app.StartAsync();
        return backend;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
