using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Emulator;

namespace AspNetCoreBackend.Tests;

/// <summary>
/// The sample on Kestrel, spoken to over a raw socket: HTTP framing that no HttpClient would send (bad chunking, a body
/// cut short, a body over the limit, a wrong Content-Length) gets a 4xx problem from every endpoint, never a 500.
/// </summary>
public sealed class MalformedHttpTests : IDisposable
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, Secret));
    private readonly WebApplicationFactory<Program> _factory;
    private readonly Channel<(string Path, int Status)> _answered = Channel.CreateUnbounded<(string Path, int Status)>();
    private readonly Uri _address;

    public MalformedHttpTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            services.AddHttpClient(UserProfileServerServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(_emulator.CreateHandler);
            services.AddSingleton<IStartupFilter>(new Witness(_answered));
        }));
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        _address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string> Endpoints => new() { "/login", "/profile", Push };

    /// <summary>The push endpoint, with the parameters WeChat sends, so what is refused is the body.</summary>
    private static string Push => $"/wechat/push?signature=0&timestamp={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}&nonce=1&encrypt_type=aes&msg_signature=0";

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task BadChunkSize_Is400Problem(string path)
    {
        var answer = await SendAsync(path, "Transfer-Encoding: chunked\r\n", "zz\r\n{\"code\":\"x\"}\r\n0\r\n\r\n");

        answer.Should().StartWith("HTTP/1.1 400 ").And.Contain("application/problem+json").And.Contain("\"MalformedRequest\"").And.Contain("chunk");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task BodyCutShort_Is400Problem(string path)
    {
        // Content-Length promises 200 bytes; the client sends 12 and closes its side. Kestrel then drops the connection,
        // so what the endpoint answered is read on the server's side.
        var answer = await SendAsync(path, "Content-Length: 200\r\n", "{\"code\":\"abc", closeAfterBody: true);

        answer.Should().BeEmpty("a client that closed its side mid-body gets no answer from Kestrel");
        // 400 when the body's read fails first (Unexpected end of request content), 499 (client closed request) when
        // Kestrel saw the close as the client going away first: a 4xx either way, never a 500.
        (await AnsweredAsync(path)).Should().BeOneOf(400, 499);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task BodyOverTheLimit_Is413Problem(string path)
    {
        var body = "{\"code\":\"" + new string('a', 70_000) + "\"}";

        var declared = await SendAsync(path, $"Content-Length: {body.Length}\r\n", body);
        var chunked = await SendAsync(path, "Transfer-Encoding: chunked\r\n", $"{body.Length:x}\r\n{body}\r\n0\r\n\r\n");

        var error = path.StartsWith("/wechat/push", StringComparison.Ordinal) ? "\"TooLarge\"" : "\"PayloadTooLarge\"";
        declared.Should().StartWith("HTTP/1.1 413 ").And.Contain("application/problem+json").And.Contain(error);
        chunked.Should().StartWith("HTTP/1.1 413 ").And.Contain("application/problem+json").And.Contain(error);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task WrongContentLength_Is400(string path)
    {
        // Shorter than the body: the endpoint reads a JSON text cut in the middle.
        var shorter = await SendAsync(path, "Content-Length: 5\r\n", "{\"code\":\"abc\"}");
        // Not a number: Kestrel refuses the request before any endpoint.
        var notANumber = await SendAsync(path, "Content-Length: twelve\r\n", "{\"code\":\"a\"}");
        // Two that disagree.
        var twoLengths = await SendAsync(path, "Content-Length: 12\r\nContent-Length: 13\r\n", "{\"code\":\"a\"}");

        shorter.Should().StartWith("HTTP/1.1 400 ").And.Contain("application/problem+json")
            .And.Contain(path.StartsWith("/wechat/push", StringComparison.Ordinal) ? "\"Malformed\"" : "\"MalformedJson\"");
        notANumber.Should().StartWith("HTTP/1.1 400 ");
        twoLengths.Should().StartWith("HTTP/1.1 400 ");
    }

    /// <summary>Sends one request over a raw socket, signed in for /profile, and reads the whole answer.</summary>
    private async Task<string> SendAsync(string path, string framing, string body, bool closeAfterBody = false)
    {
        var bearer = path == "/profile" ? $"Authorization: Bearer {await TokenAsync()}\r\n" : string.Empty;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(IPAddress.Loopback, _address.Port, timeout.Token);
        var request = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n{bearer}{framing}\r\n{body}";
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, timeout.Token);
        if (closeAfterBody)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Kestrel reset the connection: what arrived before is the answer.
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }

    /// <summary>The status the server answered the next request to <paramref name="path"/> with, once it has.</summary>
    private async Task<int> AnsweredAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var (answeredPath, status) in _answered.Reader.ReadAllAsync(timeout.Token))
        {
            if (answeredPath == path.Split('?')[0])
            {
                return status;
            }
        }

        throw new InvalidOperationException("unreachable: the channel is never completed");
    }

    /// <summary>Records each request's final status on the server, a 500 for an exception that escaped the endpoints.</summary>
    private sealed class Witness(Channel<(string Path, int Status)> answered) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate inner) =>
            {
                var path = context.Request.Path.Value ?? string.Empty;
                try
                {
                    await inner(context);
                    answered.Writer.TryWrite((path, context.Response.StatusCode));
                }
                catch
                {
                    answered.Writer.TryWrite((path, 500));
                    throw;
                }
            });
            next(app);
        };
    }

    private async Task<string> TokenAsync()
    {
        using var phone = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("http://emulator/") };
        using var login = await phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user = "alice" });
        var code = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        using var backend = new HttpClient { BaseAddress = _address };
        using var response = await backend.PostAsJsonAsync("/login", new { code });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
