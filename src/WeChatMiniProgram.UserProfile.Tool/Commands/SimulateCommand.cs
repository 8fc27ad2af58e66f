using System.CommandLine;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary><c>userprofile simulate</c>: runs the client flow without a terminal and prints the result, as a fixture.</summary>
internal static class SimulateCommand
{
    public const string Usage =
        "userprofile simulate --app-id A --session-key K --desc D [--lang en|zh_CN|zh_TW] [--profile FILE] [--consent allow|deny] [--base-library V] [--anonymous]";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var appId = new Option<string>("--app-id") { Description = "The mini program's AppId, put in the watermark.", Required = true };
        var sessionKey = new Option<string>("--session-key") { Description = "The session_key to sign and encrypt with (base64 of 16 bytes).", Required = true };
        var desc = new Option<string>("--desc") { Description = "The desc shown in the prompt (at most 30 UTF-16 units).", Required = true };
        var lang = new Option<string>("--lang") { Description = "The language of the region names.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh_CN", "zh_TW");
        var profile = new Option<FileInfo?>("--profile")
        {
            Description = "A JSON file with the userInfo to share (the demo user if omitted); all seven fields are required: " + UserInfoFile.Example,
        };
        var consent = new Option<string>("--consent") { Description = "The user's answer to the prompt.", DefaultValueFactory = _ => "allow" };
        consent.AcceptOnlyFromAmong("allow", "deny");
        var anonymous = new Option<bool>("--anonymous") { Description = "Return the anonymised profile of base library 2.27.1 and later." };
        var baseLibrary = new Option<string>("--base-library")
        {
            Description = "The base library to emulate. From 2.27.1 on (the default 3.0.0 included) WeChat returns the anonymised profile; "
                + "pass 2.26.0 to share the --profile or demo user as pre-2022 WeChat did.",
            DefaultValueFactory = _ => "3.0.0",
        };

        var command = new Command("simulate", "Run getUserProfile without a terminal prompt and print the SuccessCallbackResult JSON.")
        {
            appId, sessionKey, desc, lang, profile, consent, baseLibrary, anonymous,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The key is validated by the rule both halves share; a malformed one is a bad argument, not a failed call.
            if (!UserProfileVerifier.IsValidSessionKey(parse.GetValue(sessionKey)))
            {
                await error.WriteLineAsync($"--session-key: {OpenDataError.InvalidSessionKey.GetReason()}\nusage: {Usage}");
                return 2;
            }

            IUserProfileSource source = InMemoryUserProfileSource.Demo;
            if (parse.GetValue(profile) is { } file)
            {
                if (LoadProfile(file, error) is not { } userInfo)
                {
                    return 2;
                }

                source = new InMemoryUserProfileSource(userInfo);
            }

            if (!Version.TryParse(parse.GetValue(baseLibrary), out var version))
            {
                await error.WriteLineAsync($"--base-library must be a version such as 2.26.0 or 3.0.0, not '{parse.GetValue(baseLibrary)}'.\nusage: {Usage}");
                return 2;
            }

            UserProfileClient client;
            try
            {
                client = new UserProfileClient(
                    new UserProfileClientOptions
                    {
                        AppId = parse.GetValue(appId),
                        BaseLibraryVersion = version,
                        AnonymousProfile = parse.GetValue(anonymous) ? true : null,
                    },
                    new InMemoryConsentPromptProvider(parse.GetValue(consent) == "deny" ? ConsentDecision.Deny : ConsentDecision.Allow),
                    source,
                    new InMemorySessionKeyProvider(parse.GetValue(sessionKey)!));
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"{ex.Message}\nusage: {Usage}");
                return 2;
            }

            // AcceptOnlyFromAmong has already limited --lang to the three wire names.
            _ = LanguageExtensions.TryParseWireName(parse.GetValue(lang), out var language);
            try
            {
                // A command line has no tap; running the command is the user's gesture.
                using (UserGesture.Begin())
                {
                    var result = await client.GetUserProfileAsync(new Option { Desc = parse.GetValue(desc), Lang = language }, cancellationToken);
                    await output.WriteLineAsync(JsonSerializer.Serialize(result, ToolJson.For<SuccessCallbackResult>()));
                }

                return 0;
            }
            catch (UserProfileException ex)
            {
                await error.WriteLineAsync(ex.ErrMsg);
                return 1;
            }
        });
        return command;
    }

    private static UserInfo? LoadProfile(FileInfo file, TextWriter error)
    {
        string? problem;
        UserInfo? userInfo = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file.FullName));
            userInfo = UserInfoFile.Read(document.RootElement, out problem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            error.WriteLine($"--profile {file.Name}: {problem}\nusage: {Usage}");
        }

        return userInfo;
    }
}
