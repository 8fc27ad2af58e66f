using System.Text.Json;
using System.Text.RegularExpressions;
using WeChatMiniProgram.UserProfile.Server;

namespace ConsoleHost.Tests;

/// <summary>The console sample as a user runs it: its own process, arguments, stdin and exit code.</summary>
public sealed partial class ConsoleHostTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_PrintsTheUsageAndExits0(string flag)
    {
        var run = await RunAsync(string.Empty, flag);

        run.ExitCode.Should().Be(0);
        run.Output.Should().StartWith("usage: ConsoleHost").And.Contain("--lang L");
        run.Error.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--lang fr", "--lang must be en, zh_CN or zh_TW, not 'fr'")]
    [InlineData("--base-library next", "--base-library must be a version such as 2.26.0 or 3.0.0, not 'next'")]
    [InlineData("--frobnicate", "unknown or incomplete argument '--frobnicate'")]
    public async Task BadArgument_SaysWhichValueAndWhatIsAllowed_AndExits2(string arguments, string message)
    {
        var run = await RunAsync(string.Empty, arguments.Split(' '));

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(message).And.Contain("usage: ConsoleHost");
        run.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task Allow_PrintsTheResult_AndTheDemoKeyItWasMadeWith_WhichVerifiesIt()
    {
        var run = await RunAsync("y\n", "--base-library", "2.26.0");

        run.ExitCode.Should().Be(0, run.Error);
        var key = DemoKey().Match(run.Error);
        key.Success.Should().BeTrue($"the demo session key is printed, labelled, on standard error: {run.Error}");
        // The prompt, then the result as indented JSON (it ends with a "}" line), then the sample's own verification.
        var start = run.Output.IndexOf('{', StringComparison.Ordinal);
        var json = run.Output[start..(run.Output.IndexOf("\n}", start, StringComparison.Ordinal) + 2)];
        run.Output.Should().Contain("verified: signature ok");
        using var result = JsonDocument.Parse(json);
        var root = result.RootElement;
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = "wx4f4bc4dec97d474b" });
        var profile = verifier.VerifyAndDecrypt(root.GetProperty("rawData").GetString()!, root.GetProperty("signature").GetString()!, root.GetProperty("encryptedData").GetString()!, root.GetProperty("iv").GetString()!, key.Groups[1].Value);
        profile.NickName.Should().Be(root.GetProperty("userInfo").GetProperty("nickName").GetString());
    }

    [Fact]
    public async Task Deny_PrintsTheErrMsgAndExits1()
    {
        var run = await RunAsync("n\n");

        run.ExitCode.Should().Be(1);
        (run.Output + run.Error).Should().Contain("getUserProfile:fail auth deny");
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string input, params string[] args) => ConsoleHostProcess.RunAsync(input, args);

    [GeneratedRegex("demo session_key[^:]*: ([A-Za-z0-9+/]{22}==)")]
    private static partial Regex DemoKey();
}
