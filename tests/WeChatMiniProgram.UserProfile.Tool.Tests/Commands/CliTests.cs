using System.Security.Cryptography;
using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Tool.Tests.Commands;

public sealed class CliTests
{
    private const string AppId = "wx4f4bc4dec97d474b";

    // WeChat's published decryption example.
    private const string DemoKey = "tiihtNczf5v6AKRyjwEUhQ==";
    private const string DemoIv = "r7BXXKkLb8qrSNn05n0qiA==";
    private const string DemoData =
        "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142d"
        + "NCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn"
        + "/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns"
        + "/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuy"
        + "Db/XcxxmK01EpqOyuxINew==";

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    [Fact]
    public async Task Decrypt_PublishedExample_PrintsTheJsonAndExits0()
    {
        var run = await CliRun.RunAsync("decrypt", "--session-key", DemoKey, "--iv", DemoIv, "--encrypted-data", DemoData, "--app-id", AppId);

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("openId").GetString().Should().Be("oGZUI0egBJY1zhBYw2KhdUfwVJJE");
        json.RootElement.GetProperty("watermark").GetProperty("appid").GetString().Should().Be(AppId);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", DemoIv, DemoData, -41003)] // a stale key
    [InlineData("short", DemoIv, DemoData, -41001)]
    [InlineData(DemoKey, "AAAA", DemoData, -41002)]
    [InlineData(DemoKey, DemoIv, "@@@@", -41004)]
    public async Task Decrypt_BadInput_PrintsTheCodeToStderrAndExits1(string key, string iv, string data, int code)
    {
        var run = await CliRun.RunAsync("decrypt", "--session-key", key, "--iv", iv, "--encrypted-data", data);

        run.ExitCode.Should().Be(1);
        run.Output.Should().BeEmpty();
        run.Error.Should().StartWith($"error {code}: ");
    }

    [Fact]
    public async Task Decrypt_WrongAppId_Exits1WithTheAppIdReason()
    {
        var run = await CliRun.RunAsync("decrypt", "--session-key", DemoKey, "--iv", DemoIv, "--encrypted-data", DemoData, "--app-id", "wx0123456789abcdef");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("error -41003: ").And.Contain("appid");
    }

    [Fact]
    public async Task Simulate_ThenVerifyAndDecrypt_RoundTrip()
    {
        var key = NewKey();
        var simulated = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", key, "--desc", "用于测试", "--lang", "zh_CN", "--base-library", "2.26.0");
        simulated.ExitCode.Should().Be(0, simulated.Error);
        using var result = JsonDocument.Parse(simulated.Output);
        var root = result.RootElement;
        root.GetProperty("errMsg").GetString().Should().Be("getUserProfile:ok");
        root.GetProperty("userInfo").GetProperty("city").GetString().Should().Be("广州");
        root.TryGetProperty("cloudID", out _).Should().BeFalse();

        var verified = await CliRun.RunAsync("verify", "--raw-data", root.GetProperty("rawData").GetString()!, "--signature", root.GetProperty("signature").GetString()!, "--session-key", key);
        var decrypted = await CliRun.RunAsync("decrypt", "--session-key", key, "--iv", root.GetProperty("iv").GetString()!, "--encrypted-data", root.GetProperty("encryptedData").GetString()!, "--app-id", AppId);

        verified.Should().Be(new CliRun(0, "signature ok\n", string.Empty));
        decrypted.ExitCode.Should().Be(0);
        decrypted.Output.Should().StartWith(root.GetProperty("rawData").GetString()![..^1] + ",\"watermark\":");
    }

    [Fact]
    public async Task Verify_WrongKey_PrintsMismatchAndExits1()
    {
        var key = NewKey();
        var simulated = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", key, "--desc", "x");
        using var result = JsonDocument.Parse(simulated.Output);

        var run = await CliRun.RunAsync("verify", "--raw-data", result.RootElement.GetProperty("rawData").GetString()!, "--signature", result.RootElement.GetProperty("signature").GetString()!, "--session-key", NewKey());

        run.Should().Be(new CliRun(1, "signature mismatch\n", string.Empty));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("HyVFkGl5F5OQWJZZaNzBBh==")] // stray bits in the last character: not canonical
    [InlineData("HyVFkGl5F5OQWJZZaNzB Bg==")]
    public async Task Verify_MalformedKey_ReportsMinus41001LikeEveryOtherCommand(string key)
    {
        var run = await CliRun.RunAsync("verify", "--raw-data", "{}", "--signature", new string('0', 40), "--session-key", key);

        run.ExitCode.Should().Be(1);
        run.Output.Should().BeEmpty();
        run.Error.Should().StartWith("error -41001: ");
    }

    [Fact]
    public async Task Decrypt_AppIdNotAnAppId_NamesTheFlagAndExits2()
    {
        var run = await CliRun.RunAsync("decrypt", "--session-key", NewKey(), "--iv", NewKey(), "--encrypted-data", NewKey(), "--app-id", "myapp");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--app-id: AppId must be \"wx\" followed by 16 lowercase hex digits");
    }

    [Fact]
    public async Task Simulate_WithProfileFileAnonymousAndDeny_BehaveAsDocumented()
    {
        var key = NewKey();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"nickName\":\"Fixture\",\"gender\":2,\"language\":\"en\",\"city\":\"X\",\"province\":\"Y\",\"country\":\"Z\",\"avatarUrl\":\"https://a/b\"}");
        try
        {
            var withProfile = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", key, "--desc", "x", "--profile", file, "--base-library", "2.26.0");
            var anonymous = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", key, "--desc", "x", "--profile", file, "--anonymous");
            var denied = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", key, "--desc", "x", "--consent", "deny");

            JsonDocument.Parse(withProfile.Output).RootElement.GetProperty("userInfo").GetProperty("nickName").GetString().Should().Be("Fixture");
            JsonDocument.Parse(anonymous.Output).RootElement.GetProperty("userInfo").GetProperty("nickName").GetString().Should().Be("微信用户");
            denied.Should().Be(new CliRun(1, string.Empty, "getUserProfile:fail auth deny\n"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Simulate_InvalidDesc_Exits1WithTheErrMsg()
    {
        var longDesc = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", NewKey(), "--desc", new string('x', 31));

        longDesc.Should().Be(new CliRun(1, string.Empty, "getUserProfile:fail desc length does not meet the requirements\n"));
    }

    [Theory]
    [InlineData("bad")]
    [InlineData("tiihtNczf5v6AKRyjwEUhQ")]
    [InlineData("tiihtNczf5v6AKRyjwEUhR==")]
    public async Task Simulate_MalformedSessionKey_IsABadArgument_UsageAndExit2(string key)
    {
        var run = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", key, "--desc", "x");

        run.ExitCode.Should().Be(2);
        run.Output.Should().BeEmpty();
        run.Error.Should().StartWith("--session-key: The session_key is missing or is not the canonical base64 of 16 bytes").And.Contain("usage: userprofile simulate");
    }

    [Theory]
    [InlineData("frobnicate", "userprofile: unknown command 'frobnicate'.")]
    [InlineData(null, "userprofile: a command is required.")]
    public async Task UnknownOrNoCommand_OneClearLineThenTheUsage(string? command, string firstLine)
    {
        var run = await CliRun.RunAsync(command is null ? [] : [command]);

        run.ExitCode.Should().Be(2);
        var lines = run.Error.Split('\n');
        lines[0].Should().Be(firstLine);
        lines[1].Should().Be("usage:");
        run.Error.Should().NotContain("Required command was not provided");
    }

    [Fact]
    public async Task Simulate_PartialProfileFile_NamesTheMissingFields()
    {
        var partial = Path.GetTempFileName();
        await File.WriteAllTextAsync(partial, "{\"nickName\":\"Carol\",\"gender\":2,\"language\":\"en\",\"city\":\"\",\"province\":\"\",\"country\":null}");
        try
        {
            var run = await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", NewKey(), "--desc", "x", "--profile", partial);

            run.ExitCode.Should().Be(2);
            run.Error.Should().Contain("the fields country, avatarUrl are missing").And.Contain("\"avatarUrl\":\"https://example.com/carol.png\"");
        }
        finally
        {
            File.Delete(partial);
        }
    }

    [Fact]
    public async Task Simulate_Help_ShowsTheProfileFileFormat()
    {
        var run = await CliRun.RunAsync("simulate", "--help");

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("all seven fields are required").And.Contain("\"nickName\":\"Carol\"");
    }

    [Theory]
    [InlineData("decrypt", "--iv", "x")] // required options missing
    [InlineData("verify", "--raw-data", "x", "--signature")] // option without a value
    [InlineData("simulate", "--app-id", "wx1", "--session-key", "k", "--desc", "d", "--lang", "fr")] // not an allowed lang
    [InlineData("simulate", "--app-id", "wx1", "--session-key", "k", "--desc", "d", "--consent", "maybe")]
    [InlineData("frobnicate")]
    [InlineData("decrypt", "--session-key", "k", "--iv", "i", "--encrypted-data", "d", "--extra")]
    public async Task BadArguments_PrintUsageAndExit2(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("usage:");
        run.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task Simulate_MissingOrBrokenProfileFile_Exits2()
    {
        var broken = Path.GetTempFileName();
        await File.WriteAllTextAsync(broken, "{\"nickName\":");
        try
        {
            (await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", NewKey(), "--desc", "x", "--profile", "/nonexistent/profile.json")).ExitCode.Should().Be(2);
            (await CliRun.RunAsync("simulate", "--app-id", AppId, "--session-key", NewKey(), "--desc", "x", "--profile", broken)).ExitCode.Should().Be(2);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Theory]
    [InlineData("decrypt")]
    [InlineData("verify")]
    [InlineData("simulate")]
    public async Task Help_IsAvailableForEveryCommand(string command)
    {
        var run = await CliRun.RunAsync(command, "--help");

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("Usage:").And.Contain(command);
    }

    [Fact]
    public async Task Decrypt_ValueStartingWithAt_IsTakenLiterallyNotAsAResponseFile()
    {
        // Regression: System.CommandLine expanded "@@@@" as a response file and exited 2 instead of reporting -41004.
        var run = await CliRun.RunAsync("decrypt", "--session-key", DemoKey, "--iv", DemoIv, "--encrypted-data", "@payload.txt");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("error -41004: ");
    }

    [Fact]
    public void ToolAssembly_NameDiffersFromTheLibraryIgnoringCase()
    {
        // Regression: an assembly named "userprofile" was loaded in place of "UserProfile" (names compare case-insensitively),
        // and simulate died with a TypeLoadException.
        typeof(Cli).Assembly.GetName().Name.Should().NotBeEquivalentTo(typeof(UserProfileClient).Assembly.GetName().Name);
    }
}
