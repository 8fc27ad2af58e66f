using System.Diagnostics;
using WeChatMiniProgram.UserProfile.Tests.Shared;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Tool.Commands;

namespace WeChatMiniProgram.UserProfile.Tool.Tests.Interop;

/// <summary>A backend written in another language (Node, node:crypto only) runs its login and profile flow against 'userprofile serve'.</summary>
public sealed class NodeBackendTests
{
    [Fact]
    public async Task NodeBackend_AgainstServe_ExchangesTheCodeVerifiesAndDecrypts()
    {
        using var stop = new CancellationTokenSource();
        using var output = new SignalingWriter("listening on ");
        var serving = Cli.RunAsync(["serve", "--port", "0"], TextReader.Null, output, TextWriter.Null, stop.Token);
        var address = (await output.Signalled)["listening on ".Length..].Trim();

        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "Interop", "node-backend.mjs"), address, ServeCommand.DemoAppId, ServeCommand.DemoAppSecret, "bob"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var node = NodeJs.Start(start))
        {
            var stdout = await node.StandardOutput.ReadToEndAsync();
            var stderr = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            node.ExitCode.Should().Be(0, stderr);

            using var answer = JsonDocument.Parse(stdout);
            answer.RootElement.GetProperty("signatureOk").GetBoolean().Should().BeTrue();
            answer.RootElement.GetProperty("nickName").GetString().Should().Be("Bob 😀");
            answer.RootElement.GetProperty("watermarkAppId").GetString().Should().Be(ServeCommand.DemoAppId);
            answer.RootElement.GetProperty("openid").GetString().Should().MatchRegex("^o[A-Za-z0-9_-]{27}$");
        }

        await stop.CancelAsync();
        (await serving).Should().Be(0);
    }
}
