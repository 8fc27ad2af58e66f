using System.CommandLine;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Emulator;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary><c>userprofile serve</c>: runs the WeChat emulator on 127.0.0.1 until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public const string Usage = "userprofile serve [--port N] [--app-id A --app-secret S]... [--users FILE] [--ask-timeout SECONDS] [--text-plain] "
        + "[--push-url URL --push-token T [--push-aes-key K] [--push-mode plaintext|compatible|secure] [--push-format json|xml] [--push-delay SECONDS]] "
        + "[--risky-word WORD[=LABEL]]... [--review-word WORD[=LABEL]]...";

    /// <summary>The app served when none is given.</summary>
    public const string DemoAppId = "wx4f4bc4dec97d474b";

    /// <summary>The demo app's AppSecret: public on purpose, it protects nothing.</summary>
    public const string DemoAppSecret = "demo-secret-of-the-userprofile-emulator";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1; 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var appIds = new Option<string[]>("--app-id") { Description = "An app to serve (repeatable, each with an --app-secret).", AllowMultipleArgumentsPerToken = false };
        var appSecrets = new Option<string[]>("--app-secret") { Description = "The AppSecret of the --app-id in the same position." };
        var users = new Option<string?>("--users")
        {
            Description = "A JSON file of users besides alice and bob: {\"carol\":{\"nickName\":\"Carol\",\"gender\":2,\"language\":\"en\","
                + "\"city\":\"\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"https://…\"}}.",
        };
        var askTimeout = new Option<int>("--ask-timeout")
        {
            Description = "How many seconds a getUserProfile call with consent \"ask\" waits for an answer on the page before it fails with getUserProfile:fail timeout.",
            DefaultValueFactory = _ => 120,
        };
        var textPlain = new Option<bool>("--text-plain")
        {
            Description = "Answer WeChat's API (jscode2session, the access tokens, checksession) with Content-Type: text/plain, as live WeChat labels its JSON "
                + "replies: a client that parses JSON only when the header says so fails here as it would in production.",
        };
        var pushUrl = new Option<string?>("--push-url") { Description = "The backend's push URL (消息推送): where media_check_async verdicts are delivered as wxa_media_check." };
        var pushToken = new Option<string?>("--push-token") { Description = "The push Token (3 to 32 letters and digits) the backend verifies with." };
        var pushAesKey = new Option<string?>("--push-aes-key") { Description = "The push EncodingAESKey (43 letters and digits); required in compatible and secure mode." };
        var pushMode = new Option<string>("--push-mode") { Description = "plaintext, compatible or secure.", DefaultValueFactory = _ => "secure" };
        var pushFormat = new Option<string>("--push-format") { Description = "json or xml.", DefaultValueFactory = _ => "json" };
        var pushDelay = new Option<int>("--push-delay") { Description = "Seconds between media_check_async and its verdict's push (and between retries), 0 to 1800.", DefaultValueFactory = _ => 1 };
        var riskyWords = new Option<string[]>("--risky-word") { Description = "A word that makes msg_sec_check answer risky (repeatable), with an optional =LABEL (20003 abuse by default)." };
        var reviewWords = new Option<string[]>("--review-word") { Description = "A word that makes msg_sec_check answer review (repeatable), with an optional =LABEL (10001 ads by default)." };
        var command = new Command(
            "serve",
            $"Run the WeChat emulator (WeChat's API and the phone) on 127.0.0.1. With no --app-id it serves {DemoAppId} with the AppSecret '{DemoAppSecret}'.")
        {
            port, appIds, appSecrets, users, askTimeout, textPlain, pushUrl, pushToken, pushAesKey, pushMode, pushFormat, pushDelay, riskyWords, reviewWords,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ids = parse.GetValue(appIds) ?? [];
            var secrets = parse.GetValue(appSecrets) ?? [];
            if (ids.Length != secrets.Length || parse.GetValue(port) is < 0 or > 65535 || parse.GetValue(askTimeout) is < 1 or > 86_400)
            {
                await error.WriteLineAsync($"Give each --app-id its --app-secret, a --port from 0 to 65535, and an --ask-timeout from 1 to 86400 seconds.\nusage: {Usage}");
                return 2;
            }

            if (ContentSettings(parse, pushUrl, pushToken, pushAesKey, pushMode, pushFormat, pushDelay, riskyWords, reviewWords, out var problem) is not { } settings)
            {
                await error.WriteLineAsync($"{problem}\nusage: {Usage}");
                return 2;
            }

            var emulator = new WeChatEmulator(new WeChatEmulatorOptions { AskTimeout = TimeSpan.FromSeconds(parse.GetValue(askTimeout)) });
            try
            {
                if (ids.Length == 0)
                {
                    emulator.AddApp(settings(new EmulatorApp(DemoAppId, DemoAppSecret) { IssueUnionId = true, Name = "UserProfile demo", ReplyAsTextPlain = parse.GetValue(textPlain) }));
                }

                for (var i = 0; i < ids.Length; i++)
                {
                    emulator.AddApp(settings(new EmulatorApp(ids[i], secrets[i]) { IssueUnionId = true, ReplyAsTextPlain = parse.GetValue(textPlain) }));
                }
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"{ex.Message.Replace("WeChatApiOptions", "--app-id/--app-secret", StringComparison.Ordinal)}\nusage: {Usage}");
                return 2;
            }

            if (parse.GetValue(users) is { } file && LoadUsers(file, emulator) is { } usersProblem)
            {
                await error.WriteLineAsync($"--users {file}: {usersProblem}\nusage: {Usage}");
                return 2;
            }

            await using var host = await WeChatEmulatorHost.StartAsync(emulator, parse.GetValue(port), cancellationToken);
            await output.WriteLineAsync($"listening on {host.Address.GetLeftPart(UriPartial.Authority)}");
            await output.WriteLineAsync($"the phone's page: {host.Address}");
            await output.FlushAsync(cancellationToken);

            // Serve until Ctrl+C or SIGTERM cancels the invocation.
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (cancellationToken.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task;
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// The push and content-security settings every served app gets, as a function applying them; <see langword="null"/>
    /// with the problem when an option is invalid.
    /// </summary>
    private static Func<EmulatorApp, EmulatorApp>? ContentSettings(
        ParseResult parse, Option<string?> pushUrl, Option<string?> pushToken, Option<string?> pushAesKey, Option<string> pushMode, Option<string> pushFormat, Option<int> pushDelay,
        Option<string[]> riskyWords, Option<string[]> reviewWords, out string? problem)
    {
        problem = null;
        var url = parse.GetValue(pushUrl);
        Uri? pushUri = null;
        var push = new WeChatMiniProgram.UserProfile.Server.WeChatPushOptions
        {
            AppId = DemoAppId, Token = parse.GetValue(pushToken), EncodingAesKey = parse.GetValue(pushAesKey), Mode = PushArguments.Mode(parse.GetValue(pushMode)),
        };
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out pushUri) || pushUri.Scheme is not ("http" or "https")))
        {
            problem = "--push-url must be an absolute http or https URL.";
        }
        else if ((url is not null || push.Token is not null) && push.GetValidationErrors() is { Count: > 0 } errors)
        {
            problem = PushArguments.Explain(errors, "push-");
        }
        else if (parse.GetValue(pushFormat) is not ("json" or "xml"))
        {
            problem = "--push-format must be json or xml.";
        }
        else if (parse.GetValue(pushDelay) is < 0 or > 1800)
        {
            problem = "--push-delay must be from 0 to 1800 seconds.";
        }

        var risky = Words(parse.GetValue(riskyWords), WeChatMiniProgram.UserProfile.Server.ContentLabels.Abuse, ref problem, "--risky-word");
        var review = Words(parse.GetValue(reviewWords), WeChatMiniProgram.UserProfile.Server.ContentLabels.Ads, ref problem, "--review-word");
        if (problem is not null)
        {
            return null;
        }

        var format = parse.GetValue(pushFormat) == "xml" ? WeChatMiniProgram.UserProfile.Server.WeChatPushFormat.Xml : WeChatMiniProgram.UserProfile.Server.WeChatPushFormat.Json;
        var delay = TimeSpan.FromSeconds(parse.GetValue(pushDelay));
        return app => app with
        {
            PushUrl = pushUri, PushToken = push.Token, PushEncodingAesKey = push.EncodingAesKey, PushMode = push.Mode, PushFormat = format, PushDelay = delay,
            RiskyWords = risky, ReviewWords = review,
        };
    }

    /// <summary>Reads WORD or WORD=LABEL options into a word-to-label map.</summary>
    private static Dictionary<string, int> Words(string[]? values, int defaultLabel, ref string? problem, string option)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var at = value.LastIndexOf('=');
            var word = at > 0 ? value[..at] : value;
            var label = defaultLabel;
            if (word.Length == 0 || (at > 0 && !int.TryParse(value[(at + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out label)))
            {
                problem ??= $"{option} takes WORD or WORD=LABEL, the label a number such as 20002.";
                continue;
            }

            words[word] = label;
        }

        return words;
    }

    /// <summary>Adds the users of a JSON file to the emulator; returns what is wrong with the file, or <see langword="null"/>.</summary>
    private static string? LoadUsers(string file, WeChatEmulator emulator)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "the file must hold one JSON object mapping user names to userInfo objects.";
            }

            foreach (var user in document.RootElement.EnumerateObject())
            {
                if (UserInfoFile.Read(user.Value, out var problem) is not { } profile)
                {
                    return $"user '{user.Name}': {problem}";
                }

                emulator.SetUser(user.Name, profile);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            return ex.Message;
        }
    }
}
