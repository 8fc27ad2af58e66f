namespace WeChatMiniProgram.UserProfile.Tool.Tests.Commands;

public sealed class PushCommandTests
{
    private const string Token = "pushToken2026";
    private const string AesKey = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Message = "{\"ToUserName\":\"gh_1\",\"MsgType\":\"event\",\"Event\":\"wxa_media_check\",\"trace_id\":\"t-1\",\"errcode\":0,\"result\":{\"suggest\":\"pass\",\"label\":100}}";

    [Theory]
    [InlineData("secure")]
    [InlineData("compatible")]
    [InlineData("plaintext")]
    public async Task Seal_ThenOpen_GivesBackTheMessage(string mode)
    {
        var sealedPush = await CliRun.RunWithInputAsync(Message, "push", "seal", "--token", Token, "--aes-key", AesKey, "--app-id", AppId, "--mode", mode);
        sealedPush.ExitCode.Should().Be(0, sealedPush.Error);
        var lines = sealedPush.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2, "the query string, then the body");
        var (query, body) = (lines[0].Trim(), lines[1].Trim());
        if (mode == "secure")
        {
            query.Should().Contain("encrypt_type=aes").And.Contain("msg_signature=");
            body.Should().NotContain("wxa_media_check");
        }

        var opened = await CliRun.RunWithInputAsync(body, "push", "open", "--token", Token, "--aes-key", AesKey, "--app-id", AppId, "--mode", mode, "--query", "https://backend.example/wechat/push?" + query);

        opened.ExitCode.Should().Be(0, opened.Error);
        opened.Output.Trim().Should().Be(Message);
    }

    [Fact]
    public async Task Open_AnotherTokenOrKey_ExitsOneNamingTheReason()
    {
        var sealedPush = await CliRun.RunWithInputAsync(Message, "push", "seal", "--token", Token, "--aes-key", AesKey, "--app-id", AppId);
        var lines = sealedPush.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var (query, body) = (lines[0].Trim(), lines[1].Trim());

        var wrongToken = await CliRun.RunWithInputAsync(body, "push", "open", "--token", "otherToken", "--aes-key", AesKey, "--app-id", AppId, "--query", query);
        var wrongKey = await CliRun.RunWithInputAsync(body, "push", "open", "--token", Token, "--aes-key", "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", "--app-id", AppId, "--query", query);

        (wrongToken.ExitCode, wrongKey.ExitCode).Should().Be((1, 1));
        wrongToken.Error.Should().StartWith("error InvalidSignature:");
        wrongKey.Error.Should().StartWith("error DecryptionFailed:");
        (wrongToken.Error + wrongKey.Error).Should().NotContain(AesKey).And.NotContain(Token);
    }

    [Theory]
    [InlineData("--token", "ab")]
    [InlineData("--aes-key", "short")]
    [InlineData("--mode", "loud")]
    public async Task Seal_BadSettings_ExitTwoNamingTheOption(string option, string value)
    {
        var args = new List<string> { "push", "seal", "--token", Token, "--aes-key", AesKey, "--app-id", AppId };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var run = await CliRun.RunWithInputAsync(Message, [.. args]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(option).And.Contain("usage: userprofile push");
    }

    [Fact]
    public async Task Seal_AMessageThatIsNotJsonOrXml_ExitsTwo()
    {
        var run = await CliRun.RunWithInputAsync("not a message", "push", "seal", "--token", Token, "--aes-key", AesKey, "--app-id", AppId);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--message");
    }
}
