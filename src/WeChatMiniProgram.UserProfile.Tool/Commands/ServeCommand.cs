using System.CommandLine;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Emulator;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary><c>userprofile serve</c>: runs the WeChat emulator on 127.0.0.1 until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public const string Usage = "userprofile serve [--port N] [--app-id A --app-secret S]... [--users FILE] [--ask-timeout SECONDS] [--text-plain]";

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
        var command = new Command(
            "serve",
            $"Run the WeChat emulator (WeChat's API and the phone) on 127.0.0.1. With no --app-id it serves {DemoAppId} with the AppSecret '{DemoAppSecret}'.")
        {
            port, appIds, appSecrets, users, askTimeout, textPlain,
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

            var emulator = new WeChatEmulator(new WeChatEmulatorOptions { AskTimeout = TimeSpan.FromSeconds(parse.GetValue(askTimeout)) });
            try
            {
                if (ids.Length == 0)
                {
                    emulator.AddApp(new EmulatorApp(DemoAppId, DemoAppSecret) { IssueUnionId = true, Name = "UserProfile demo", ReplyAsTextPlain = parse.GetValue(textPlain) });
                }

                for (var i = 0; i < ids.Length; i++)
                {
                    emulator.AddApp(new EmulatorApp(ids[i], secrets[i]) { IssueUnionId = true, ReplyAsTextPlain = parse.GetValue(textPlain) });
                }
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"{ex.Message.Replace("WeChatApiOptions", "--app-id/--app-secret", StringComparison.Ordinal)}\nusage: {Usage}");
                return 2;
            }

            if (parse.GetValue(users) is { } file && LoadUsers(file, emulator) is { } problem)
            {
                await error.WriteLineAsync($"--users {file}: {problem}\nusage: {Usage}");
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
