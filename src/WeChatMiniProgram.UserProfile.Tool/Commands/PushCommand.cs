using System.CommandLine;
using System.Text;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary>
/// <c>userprofile push seal</c> writes a message as WeChat pushes it (signed, and encrypted in compatible and secure
/// mode); <c>userprofile push open</c> verifies and decrypts a push a backend received, for debugging.
/// </summary>
internal static class PushCommand
{
    public const string Usage = "userprofile push seal|open --token T [--aes-key K --app-id A] [--mode plaintext|compatible|secure] "
        + "(seal: [--message FILE|-]; open: --query Q [--body FILE|-] [--max-age SECONDS])";

    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var command = new Command("push", "Seal a message as WeChat's message push sends it, or verify and open one a backend received.");
        command.Subcommands.Add(Seal(input, output, error));
        command.Subcommands.Add(Open(input, output, error));
        return command;
    }

    private static Command Seal(TextReader input, TextWriter output, TextWriter error)
    {
        var (token, aesKey, appId, mode) = Settings();
        var message = new Option<string>("--message") { Description = "A file with the message in clear (a JSON object or an <xml> document), or - for standard input.", DefaultValueFactory = _ => "-" };
        var command = new Command("seal", "Sign (and in compatible and secure mode encrypt) a message as WeChat pushes it; prints the query string, then the body, one line each.")
        {
            token, aesKey, appId, mode, message,
        };
        command.SetAction(parse =>
        {
            if (Options(parse, token, aesKey, appId, mode, error) is not { } options || Read(parse.GetValue(message)!, input, error) is not { } text)
            {
                return 2;
            }

            WeChatPush push;
            try
            {
                push = new WeChatPushWriter(options).Write(text);
            }
            catch (ArgumentException ex)
            {
                error.WriteLine($"--message: {ex.Message}\nusage: {Usage}");
                return 2;
            }

            // One line each: the bodies WeChatPushWriter writes hold no line break of their own (JSON strings escape theirs).
            output.WriteLine(push.Query.ToQueryString());
            output.WriteLine(push.Body.ReplaceLineEndings(" "));
            return 0;
        });
        return command;
    }

    private static Command Open(TextReader input, TextWriter output, TextWriter error)
    {
        var (token, aesKey, appId, mode) = Settings();
        var query = new Option<string>("--query") { Description = "The push's query string (signature=…&timestamp=…&nonce=…[&encrypt_type=aes&msg_signature=…]), or its whole URL.", Required = true };
        var body = new Option<string>("--body") { Description = "A file with the push's body as received, or - for standard input.", DefaultValueFactory = _ => "-" };
        var maxAge = new Option<int>("--max-age") { Description = "Refuse a push whose timestamp is more than this many seconds from now; 0 (the default) reads old pushes too.", DefaultValueFactory = _ => 0 };
        var command = new Command("open", "Verify a push's signature and decrypt it; prints the message, or 'error <reason>: <message>' (exit 1).")
        {
            token, aesKey, appId, mode, query, body, maxAge,
        };
        command.SetAction(parse =>
        {
            if (Options(parse, token, aesKey, appId, mode, error) is not { } options || Read(parse.GetValue(body)!, input, error) is not { } text)
            {
                return 2;
            }

            if (parse.GetValue(maxAge) is < 0 or > 86_400)
            {
                error.WriteLine($"--max-age must be from 0 (off) to 86400 seconds.\nusage: {Usage}");
                return 2;
            }

            options.TimestampTolerance = TimeSpan.FromSeconds(parse.GetValue(maxAge));
            options.RefuseReplays = false;
            var raw = parse.GetValue(query)!;
            var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(raw.Contains('?', StringComparison.Ordinal) ? raw[raw.IndexOf('?', StringComparison.Ordinal)..] : raw);
            try
            {
                var message = new WeChatPushReceiver(options).Receive(WeChatPushQuery.From(name => parameters.TryGetValue(name, out var value) ? value.ToString() : null), Encoding.UTF8.GetBytes(text));
                output.WriteLine(message.Body);
                return 0;
            }
            catch (WeChatPushException ex)
            {
                error.WriteLine($"error {ex.Error}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static (Option<string> Token, Option<string?> AesKey, Option<string?> AppId, Option<string> Mode) Settings() =>
    (
        new Option<string>("--token") { Description = "The Token set in the admin console (消息推送).", Required = true },
        new Option<string?>("--aes-key") { Description = "The EncodingAESKey set in the admin console (43 characters); required in compatible and secure mode." },
        new Option<string?>("--app-id") { Description = "The mini program's AppId, which ends every encrypted message; required in compatible and secure mode." },
        new Option<string>("--mode") { Description = "plaintext, compatible or secure, as set in the admin console.", DefaultValueFactory = _ => "secure" }
    );

    private static WeChatPushOptions? Options(ParseResult parse, Option<string> token, Option<string?> aesKey, Option<string?> appId, Option<string> mode, TextWriter error)
    {
        var options = new WeChatPushOptions
        {
            Token = parse.GetValue(token),
            EncodingAesKey = parse.GetValue(aesKey),
            AppId = parse.GetValue(appId),
            Mode = PushArguments.Mode(parse.GetValue(mode)),
        };
        if (options.GetValidationErrors() is { Count: > 0 } errors)
        {
            error.WriteLine(PushArguments.Explain(errors, string.Empty) + $"\nusage: {Usage}");
            return null;
        }

        return options;
    }

    private static string? Read(string file, TextReader input, TextWriter error)
    {
        try
        {
            return file == "-" ? input.ReadToEnd() : File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file}: {ex.Message}\nusage: {Usage}");
            return null;
        }
    }
}
