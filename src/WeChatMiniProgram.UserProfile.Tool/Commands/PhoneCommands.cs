using System.CommandLine;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary>
/// <c>userprofile login</c> and <c>userprofile profile</c>: play the phone against a running emulator
/// (<c>userprofile serve</c>), so a shell script can drive a backend's login and profile flow.
/// </summary>
internal static class PhoneCommands
{
    public const string LoginUsage = "userprofile login --emulator URL --app-id A --user U";

    public const string ProfileUsage =
        "userprofile profile --emulator URL --app-id A --user U --desc D [--lang en|zh_CN|zh_TW] [--consent allow|deny|ask] [--base-library V] [--privacy agreed|denied|undeclared]";

    public static Command CreateLogin(TextWriter output, TextWriter error)
    {
        var (emulator, appId, user) = Common();
        var command = new Command("login", "wx.login on the emulator's phone: a fresh session for the user; prints the code for your backend's code2Session.")
        {
            emulator, appId, user,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var body = new JsonObject { ["appid"] = parse.GetValue(appId), ["user"] = parse.GetValue(user) };
            var (status, reply) = await PostAsync(parse.GetValue(emulator)!, "emulator/login", body, error, cancellationToken);
            if (reply is null)
            {
                return 2;
            }

            if (status != 200)
            {
                await error.WriteLineAsync(reply.RootElement.TryGetProperty("message", out var message) ? message.GetString() : reply.RootElement.GetRawText());
                return 1;
            }

            await output.WriteLineAsync(reply.RootElement.GetProperty("code").GetString());
            return 0;
        });
        return command;
    }

    public static Command CreateProfile(TextWriter output, TextWriter error)
    {
        var (emulator, appId, user) = Common();
        var desc = new Option<string>("--desc") { Description = "Why the app asks (at most 30 UTF-16 units).", Required = true };
        var lang = new Option<string>("--lang") { Description = "en, zh_CN or zh_TW.", DefaultValueFactory = _ => "en" };
        var consent = new Option<string>("--consent")
        {
            Description = "The user's answer; ask waits for someone to answer the prompt on the emulator's page.",
            DefaultValueFactory = _ => "allow",
        };
        consent.AcceptOnlyFromAmong("allow", "deny", "ask");
        var baseLibrary = new Option<string?>("--base-library") { Description = "The base library to emulate (default: the app's, 3.0.0)." };
        var privacy = new Option<string?>("--privacy") { Description = "The user's privacy-agreement state." };
        privacy.AcceptOnlyFromAmong("agreed", "denied", "undeclared");
        var command = new Command("profile", "getUserProfile on the emulator's phone; prints the result JSON, or the errMsg JSON (exit 1).")
        {
            emulator, appId, user, desc, lang, consent, baseLibrary, privacy,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["appid"] = parse.GetValue(appId),
                ["user"] = parse.GetValue(user),
                ["desc"] = parse.GetValue(desc),
                ["lang"] = parse.GetValue(lang),
                ["consent"] = parse.GetValue(consent),
            };
            if (parse.GetValue(baseLibrary) is { } version)
            {
                body["baseLibrary"] = version;
            }

            if (parse.GetValue(privacy) is { } state)
            {
                body["privacy"] = state;
            }

            var (status, reply) = await PostAsync(parse.GetValue(emulator)!, "emulator/getUserProfile", body, error, cancellationToken);
            if (reply is null)
            {
                return 2;
            }

            await (status == 200 ? output : error).WriteLineAsync(reply.RootElement.GetRawText());
            return status == 200 ? 0 : 1;
        });
        return command;
    }

    private static (Option<string> Emulator, Option<string> AppId, Option<string> User) Common()
        => (new Option<string>("--emulator") { Description = "The address 'userprofile serve' printed.", Required = true },
            new Option<string>("--app-id") { Description = "The mini program's AppId.", Required = true },
            new Option<string>("--user") { Description = "The user: alice, bob, or one you created.", Required = true });

    private static async Task<(int Status, JsonDocument? Reply)> PostAsync(string address, string path, JsonObject body, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var emulator) || emulator.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--emulator must be the address 'userprofile serve' printed, such as http://127.0.0.1:5000, not '{address}'.");
            return (0, null);
        }

        // No client-side limit: with --consent ask the emulator waits for the page up to its --ask-timeout, then answers.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(emulator, path), content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return ((int)response.StatusCode, JsonDocument.Parse(text));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or UriFormatException)
        {
            await error.WriteLineAsync($"--emulator {emulator}: no emulator answered ({ex.Message}). Start one with 'userprofile serve'.");
            return (0, null);
        }
    }
}
