using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using System.Net.Http.Json;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tool.Commands;

namespace WeChatMiniProgram.UserProfile.Tool.Tests.Commands;

/// <summary>serve, login, profile and check together: a shell script's view of the emulator.</summary>
public sealed class EmulatorCliTests
{
    [Fact]
    public async Task ServeLoginProfileCheck_TheWholeFlowFromTheCommandLine()
    {
        using var stop = new CancellationTokenSource();
        using var output = new SignalingWriter("listening on ");
        using var error = new StringWriter();
        var serving = Cli.RunAsync(["serve", "--port", "0"], TextReader.Null, output, error, stop.Token);
        var address = new Uri((await output.Signalled).Trim()["listening on ".Length..]);
        address.Host.Should().Be("127.0.0.1");

        var login = await CliRun.RunAsync("login", "--emulator", address.ToString(), "--app-id", ServeCommand.DemoAppId, "--user", "alice");
        login.ExitCode.Should().Be(0, login.Error);
        using var http = new HttpClient();
        var session = await new WeChatLoginClient(http, new WeChatApiOptions { AppId = ServeCommand.DemoAppId, AppSecret = ServeCommand.DemoAppSecret, ApiBaseAddress = address })
            .Code2SessionAsync(login.Output.Trim());

        var profile = await CliRun.RunAsync("profile", "--emulator", address.ToString(), "--app-id", ServeCommand.DemoAppId, "--user", "alice", "--desc", "ok", "--base-library", "2.26.0");
        profile.ExitCode.Should().Be(0, profile.Error);
        var check = await CliRun.RunWithInputAsync(profile.Output, "check", "--session-key", session.SessionKey, "--app-id", ServeCommand.DemoAppId);
        check.ExitCode.Should().Be(0, check.Error);
        using (var verified = JsonDocument.Parse(check.Output))
        {
            verified.RootElement.GetProperty("userInfo").GetProperty("nickName").GetString().Should().Be("Alice 爱丽丝");
            verified.RootElement.GetProperty("appid").GetString().Should().Be(ServeCommand.DemoAppId);
        }

        var denied = await CliRun.RunAsync("profile", "--emulator", address.ToString(), "--app-id", ServeCommand.DemoAppId, "--user", "alice", "--desc", "ok", "--privacy", "denied");
        denied.ExitCode.Should().Be(1);
        denied.Error.Should().Contain("privacy permission is not authorized").And.Contain("104");

        await stop.CancelAsync();
        (await serving).Should().Be(0, "Ctrl+C stops the emulator cleanly");
    }

    [Fact]
    public async Task Check_TamperedOrForeignOrMalformedInput_ExitsWithTheDocumentedCodes()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var simulated = await CliRun.RunAsync("simulate", "--app-id", ServeCommand.DemoAppId, "--session-key", key, "--desc", "x");
        simulated.ExitCode.Should().Be(0, simulated.Error);

        (await CliRun.RunWithInputAsync(simulated.Output, "check", "--session-key", key)).ExitCode.Should().Be(0, "without --app-id the watermark's appid is reported");

        var tampered = simulated.Output.Replace("微信用户", "管理员", StringComparison.Ordinal);
        var run = await CliRun.RunWithInputAsync(tampered, "check", "--session-key", key);
        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("error -41003: ");

        var foreign = await CliRun.RunWithInputAsync(simulated.Output, "check", "--session-key", key, "--app-id", "wx0123456789abcdef");
        foreign.ExitCode.Should().Be(1);
        foreign.Error.Should().Contain("--app-id").And.NotContain("OpenDataOptions");

        var notAResult = await CliRun.RunWithInputAsync("{\"rawData\":1}", "check", "--session-key", key);
        notAResult.ExitCode.Should().Be(2);
        notAResult.Error.Should().Contain("rawData, signature, encryptedData and iv");
    }

    [Fact]
    public async Task Serve_UsersFromAFile_AreServedBesideTheDemoUsers()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"carol\":{\"nickName\":\"Carol\",\"gender\":2,\"language\":\"en\",\"city\":\"\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"https://a/c\"}}");
        using var stop = new CancellationTokenSource();
        using var output = new SignalingWriter("listening on ");
        try
        {
            var serving = Cli.RunAsync(["serve", "--users", file], TextReader.Null, output, TextWriter.Null, stop.Token);
            var address = (await output.Signalled)["listening on ".Length..].Trim();
            (await CliRun.RunAsync("login", "--emulator", address, "--app-id", ServeCommand.DemoAppId, "--user", "carol")).ExitCode.Should().Be(0);

            var profile = await CliRun.RunAsync("profile", "--emulator", address, "--app-id", ServeCommand.DemoAppId, "--user", "carol", "--desc", "ok", "--base-library", "2.26.0");

            profile.Output.Should().Contain("\"nickName\":\"Carol\"");
            await stop.CancelAsync();
            (await serving).Should().Be(0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Serve_TextPlain_LabelsWeChatsRepliesTextPlain()
    {
        using var stop = new CancellationTokenSource();
        using var output = new SignalingWriter("listening on ");
        var serving = Cli.RunAsync(["serve", "--text-plain"], TextReader.Null, output, TextWriter.Null, stop.Token);
        try
        {
            var address = (await output.Signalled)["listening on ".Length..].Trim();
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            using var reply = await http.GetAsync($"sns/jscode2session?appid={ServeCommand.DemoAppId}&secret={ServeCommand.DemoAppSecret}&js_code=nope&grant_type=authorization_code");

            reply.Content.Headers.ContentType!.ToString().Should().Be("text/plain");
            (await reply.Content.ReadAsStringAsync()).Should().Contain("\"errcode\":40029");
        }
        finally
        {
            await stop.CancelAsync(); // the emulator stops whatever happened
        }

        (await serving).Should().Be(0);
    }

    [Fact]
    public async Task Serve_PushAndContentOptions_SteerTheServedApp()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        await using var backend = builder.Build();
        backend.MapGet("/a.png", () => Microsoft.AspNetCore.Http.Results.Bytes(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg"));
        backend.MapPost("/push", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var receiver = new WeChatMiniProgram.UserProfile.Server.WeChatPushReceiver(new() { AppId = ServeCommand.DemoAppId, Token = "cliPushToken", Mode = WeChatMiniProgram.UserProfile.Server.WeChatPushMode.Plaintext });
            var message = receiver.Receive(WeChatMiniProgram.UserProfile.Server.WeChatPushQuery.From(n => context.Request.Query[n].FirstOrDefault()), System.Text.Encoding.UTF8.GetBytes(await reader.ReadToEndAsync()));
            received.TrySetResult(message.Format + " " + message.MediaCheck!.Suggest);
            return "success";
        });
        await backend.StartAsync();
        var backendAddress = backend.Urls.Single();

        using var stop = new CancellationTokenSource();
        using var output = new SignalingWriter("listening on ");
        var serving = Cli.RunAsync(
            ["serve", "--push-url", backendAddress + "/push", "--push-token", "cliPushToken", "--push-mode", "plaintext", "--push-format", "xml", "--push-delay", "0", "--risky-word", "forbidden=20002"],
            TextReader.Null, output, TextWriter.Null, stop.Token);
        try
        {
            await PushAndCheckAsync(output, backendAddress, received);
        }
        finally
        {
            await stop.CancelAsync(); // the emulator stops whatever happened
        }

        (await serving).Should().Be(0);
    }

    private static async Task PushAndCheckAsync(SignalingWriter output, string backendAddress, TaskCompletionSource<string> received)
    {
        var address = (await output.Signalled)["listening on ".Length..].Trim();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var options = new WeChatMiniProgram.UserProfile.Server.WeChatApiOptions { AppId = ServeCommand.DemoAppId, AppSecret = ServeCommand.DemoAppSecret, ApiBaseAddress = new Uri(address) };
        var login = new WeChatMiniProgram.UserProfile.Server.WeChatLoginClient(http, options);
        var code = (await CliRun.RunAsync("login", "--emulator", address, "--app-id", ServeCommand.DemoAppId, "--user", "alice")).Output.Trim();
        var openId = (await login.Code2SessionAsync(code)).OpenId;
        var content = new WeChatMiniProgram.UserProfile.Server.WeChatContentSecurityClient(http, options);

        var verdict = await content.CheckTextAsync(openId, "a forbidden word", WeChatMiniProgram.UserProfile.Server.ContentScene.Profile);
        await content.StartMediaCheckAsync(openId, new Uri(backendAddress + "/a.png"), WeChatMiniProgram.UserProfile.Server.ContentMediaType.Image, WeChatMiniProgram.UserProfile.Server.ContentScene.Profile);

        (verdict.Suggest, verdict.Label).Should().Be((WeChatMiniProgram.UserProfile.Server.ContentSuggest.Risky, 20002));
        (await received.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("Xml Pass");
    }

    [Theory]
    [InlineData("--push-url", "ftp://nope", "--push-url")]
    [InlineData("--push-token", "ab", "--push-token")]
    [InlineData("--risky-word", "word=abc", "--risky-word")]
    [InlineData("--push-delay", "5000", "--push-delay")]
    public async Task Serve_BadPushOrContentOption_Exits2NamingIt(string option, string value, string named)
    {
        var args = new List<string> { "serve", "--push-url", "http://127.0.0.1:9/push", "--push-token", "okToken1", "--push-aes-key", "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var run = await CliRun.RunAsync([.. args]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(named).And.Contain("usage: userprofile serve");
    }

    [Fact]
    public async Task ProfileConsentAsk_WaitsForTheAnswerOnThePage_WhichServeServesAtItsAddress()
    {
        using var stop = new CancellationTokenSource();
        using var output = new SignalingWriter("listening on ");
        var serving = Cli.RunAsync(["serve", "--ask-timeout", "300"], TextReader.Null, output, TextWriter.Null, stop.Token);
        var address = new Uri((await output.Signalled)["listening on ".Length..].Trim());
        using var http = new HttpClient { BaseAddress = address };
        (await http.GetStringAsync("/")).Should().Contain("<title>WeChat emulator");
        (await CliRun.RunAsync("login", "--emulator", address.ToString(), "--app-id", ServeCommand.DemoAppId, "--user", "bob")).ExitCode.Should().Be(0);

        var asking = CliRun.RunAsync("profile", "--emulator", address.ToString(), "--app-id", ServeCommand.DemoAppId, "--user", "bob", "--desc", "ok", "--consent", "ask");
        JsonElement prompt;
        do
        {
            // The page polls the same endpoint; the prompt appears once the command's call reaches the emulator.
            prompt = (await http.GetFromJsonAsync<JsonElement>("emulator/prompts")).EnumerateArray().FirstOrDefault();
        }
        while (prompt.ValueKind == JsonValueKind.Undefined && !asking.IsCompleted);

        asking.IsCompleted.Should().BeFalse("the command waits for the answer");
        prompt.GetProperty("appName").GetString().Should().Be("UserProfile demo");
        (await http.PostAsJsonAsync($"emulator/prompts/{prompt.GetProperty("id").GetInt64()}", new { answer = "allow" })).EnsureSuccessStatusCode();
        var profile = await asking;
        profile.ExitCode.Should().Be(0, profile.Error);
        profile.Output.Should().Contain("getUserProfile:ok");

        await stop.CancelAsync();
        (await serving).Should().Be(0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    public async Task Serve_AskTimeoutOutOfRange_Exits2WithTheRange(string seconds)
    {
        var run = await CliRun.RunAsync("serve", "--ask-timeout", seconds);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--ask-timeout from 1 to 86400 seconds");
    }

    [Fact]
    public async Task Serve_PartialUsersFile_NamesTheMissingField()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"dave\":{\"nickName\":\"Dave\",\"gender\":1}}");
        try
        {
            var run = await CliRun.RunAsync("serve", "--users", file);

            run.ExitCode.Should().Be(2);
            run.Error.Should().Contain("user 'dave': the fields language, city, province, country, avatarUrl are missing");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Serve_AppIdWithoutItsSecret_IsABadArgument()
    {
        var run = await CliRun.RunAsync("serve", "--app-id", "wx0123456789abcdef");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--app-secret");
    }

    [Fact]
    public async Task Login_NoEmulatorListening_SaysHowToStartOne()
    {
        var run = await CliRun.RunAsync("login", "--emulator", "http://127.0.0.1:1/", "--app-id", ServeCommand.DemoAppId, "--user", "alice");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("userprofile serve");
    }
}
