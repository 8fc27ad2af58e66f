using System.Diagnostics;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Shared;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Push;

/// <summary>Secure mode against node:crypto (tests/…/Server/Interop/wechat-push.mjs), in both directions, JSON and XML.</summary>
public sealed class PushNodeInteropTests
{
    private const string Token = WeChatPushReceiverTests.Token;
    private const string AesKey = WeChatPushReceiverTests.AesKey;
    private const string AppId = WeChatPushReceiverTests.AppId;

    private readonly TestClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    [Theory]
    [InlineData(WeChatPushReceiverTests.MediaCheckJson)]
    [InlineData(WeChatPushReceiverTests.MediaCheckXml)]
    public async Task TheReceiver_ReadsWhatNodeSealed(string message)
    {
        using var sealedByNode = await RunNodeAsync("seal", new { token = Token, encodingAesKey = AesKey, appId = AppId, message, timestamp = "1800000000", nonce = "778899" });
        var encrypt = sealedByNode.RootElement.GetProperty("encrypt").GetString()!;
        var query = new WeChatPushQuery(sealedByNode.RootElement.GetProperty("signature").GetString(), "1800000000", "778899", "aes", sealedByNode.RootElement.GetProperty("msgSignature").GetString());
        var body = message.StartsWith('<') ? $"<xml><ToUserName><![CDATA[gh_38cc49f9733b]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>" : $"{{\"ToUserName\":\"gh_38cc49f9733b\",\"Encrypt\":\"{encrypt}\"}}";

        var received = new WeChatPushReceiver(new WeChatPushOptions { AppId = AppId, Token = Token, EncodingAesKey = AesKey }, _clock).Receive(query, Encoding.UTF8.GetBytes(body));

        received.Body.Should().Be(message);
        received.MediaCheck!.TraceId.Should().Be("60f96f1d-3845297a-1976a3ae");
    }

    [Fact]
    public async Task Node_OpensWhatTheWriterSealed()
    {
        var message = "{\"ToUserName\":\"gh_1\",\"MsgType\":\"event\",\"Event\":\"wxa_media_check\",\"note\":\"小明😀 \\\"quoted\\\"\"}";
        var push = new WeChatPushWriter(new WeChatPushOptions { AppId = AppId, Token = Token, EncodingAesKey = AesKey }, _clock).Write(message);
        var encrypt = JsonDocument.Parse(push.Body).RootElement.GetProperty("Encrypt").GetString()!;

        using var opened = await RunNodeAsync("open", new { token = Token, encodingAesKey = AesKey, appId = AppId, encrypt, timestamp = push.Query.Timestamp, nonce = push.Query.Nonce, msgSignature = push.Query.MsgSignature });

        opened.RootElement.GetProperty("signatureOk").GetBoolean().Should().BeTrue();
        opened.RootElement.GetProperty("appIdOk").GetBoolean().Should().BeTrue();
        opened.RootElement.GetProperty("message").GetString().Should().Be(message);
    }

    private static async Task<JsonDocument> RunNodeAsync(string command, object request)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Server", "Interop", "wechat-push.mjs");
        var start = new ProcessStartInfo("node", [script, command])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        using var node = NodeJs.Start(start);
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(request));
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        node.ExitCode.Should().Be(0, error);
        return JsonDocument.Parse(output);
    }
}
