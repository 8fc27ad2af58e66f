// The getUserProfile flow in a terminal: a demo user, a fresh session key and a demo AppId.
//   dotnet run --project samples/ConsoleHost [-- --desc TEXT] [--lang en|zh_CN|zh_TW] [--base-library V] [--anonymous]
//                                             [--emulator URL [--user U] [--app-secret S] [--backend URL]]
//   printf 'y\n' | dotnet run --project samples/ConsoleHost
using System.Text.Encodings.Web;
using System.Text.Json;
using ConsoleHost;
using WeChatMiniProgram.UserProfile;
using WeChatMiniProgram.UserProfile.Server;

const string DemoAppId = "wx4f4bc4dec97d474b";
const string Usage = """
    usage: ConsoleHost [--desc TEXT] [--lang en|zh_CN|zh_TW] [--base-library V] [--anonymous] [--emulator URL [--user U] [--app-secret S] [--backend URL]]
      --desc TEXT          why the app asks (at most 30 UTF-16 units); default 用于完善会员资料
      --lang L             en, zh_CN or zh_TW; default en
      --base-library V     the base library to emulate; default 3.0.0. From 2.27.1 on WeChat returns the anonymised
                           profile (微信用户, grey avatar); 2.26.0 shows the demo user's real profile, as before November 2022
      --anonymous          force the anonymised profile (needs 2.27.1 or later)
      --emulator URL       run against a WeChat emulator ('userprofile serve' prints its URL) instead of in-process:
                           its phone logs --user in (default alice) and runs getUserProfile, and this sample exchanges
                           the code with --app-secret (default: serve's demo secret) and verifies the result
      --backend URL        with --emulator: today's flow against your backend (samples/AspNetCoreBackend or yours):
                           log in (POST /login), GET /profile, and only when nothing is kept ask: the fill-in
                           (PUT /profile/nickname, PUT /profile/avatar), or below base library 2.27.1 getUserProfile
                           (POST /profile)
    """;

var desc = "用于完善会员资料";
var lang = Language.En;
var baseLibrary = new Version(3, 0, 0);
bool? anonymous = null;
Uri? emulator = null;
Uri? backend = null;
var user = "alice";
var appSecret = "demo-secret-of-the-userprofile-emulator";
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--desc" when value is not null:
            desc = value;
            i++;
            break;
        case "--lang" when value is not null:
            if (!LanguageExtensions.TryParseWireName(value, out lang))
            {
                await Console.Error.WriteLineAsync($"--lang must be en, zh_CN or zh_TW, not '{value}'\n{Usage}");
                return 2;
            }

            i++;
            break;
        case "--base-library" when value is not null:
            if (!Version.TryParse(value, out baseLibrary!))
            {
                await Console.Error.WriteLineAsync($"--base-library must be a version such as 2.26.0 or 3.0.0, not '{value}'\n{Usage}");
                return 2;
            }

            i++;
            break;
        case "--anonymous":
            anonymous = true;
            break;
        case "--emulator" when value is not null:
            if (!Uri.TryCreate(value, UriKind.Absolute, out emulator))
            {
                await Console.Error.WriteLineAsync($"--emulator must be the URL 'userprofile serve' printed, not '{value}'\n{Usage}");
                return 2;
            }

            i++;
            break;
        case "--backend" when value is not null:
            if (!Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out backend))
            {
                await Console.Error.WriteLineAsync($"--backend must be the backend's absolute URL, such as http://127.0.0.1:5080, not '{value}'\n{Usage}");
                return 2;
            }

            i++;
            break;
        case "--user" when value is not null:
            user = value;
            i++;
            break;
        case "--app-secret" when value is not null:
            appSecret = value;
            i++;
            break;
        default:
            await Console.Error.WriteLineAsync($"unknown or incomplete argument '{args[i]}'\n{Usage}");
            return 2;
    }
}

Console.OutputEncoding = System.Text.Encoding.UTF8;
if (backend is not null)
{
    if (emulator is null)
    {
        await Console.Error.WriteLineAsync($"--backend needs --emulator: the emulator plays the phone and WeChat\n{Usage}");
        return 2;
    }

    try
    {
        return await BackendFlow.RunAsync(emulator, backend, DemoAppId, user, desc, baseLibrary, Console.In);
    }
    catch (HttpRequestException ex)
    {
        await Console.Error.WriteLineAsync($"The emulator at {emulator} or the backend at {backend} did not answer ({ex.Message}).");
        return 2;
    }
}

if (emulator is not null)
{
    SuccessCallbackResult? emulated;
    string? errMsg;
    string emulatedKey;
    try
    {
        (emulated, errMsg, emulatedKey) = await EmulatorPhone.RunAsync(emulator, DemoAppId, appSecret, user, desc, lang, baseLibrary);
    }
    catch (HttpRequestException ex)
    {
        await Console.Error.WriteLineAsync($"No emulator answered at {emulator} ({ex.Message}). Start one with: dotnet run --project src/WeChatMiniProgram.UserProfile.Tool -- serve --port 5124");
        return 2;
    }

    if (emulated is null)
    {
        Console.WriteLine(errMsg);
        return 1;
    }

    return PrintAndVerify(emulated, emulatedKey);
}

// A fresh login: the session key code2Session would give the backend, shared with the client here.
var sessionKey = InMemorySessionKeyProvider.CreateSessionKey();
await Console.Error.WriteLineAsync($"demo session_key (generated for this run, not a real user's): {sessionKey}");
var sessionKeys = new InMemorySessionKeyProvider(sessionKey);
UserProfileClient client;
try
{
    client = new UserProfileClient(
        new UserProfileClientOptions { AppId = DemoAppId, AppName = "UserProfile Demo", BaseLibraryVersion = baseLibrary, AnonymousProfile = anonymous },
        new TerminalConsentPrompt(Console.In, Console.Out),
        InMemoryUserProfileSource.Demo,
        sessionKeys);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"{ex.Message}\n{Usage}");
    return 2;
}

SuccessCallbackResult result;
try
{
    // The terminal command stands in for the user's tap on a button.
    using (UserGesture.Begin())
    {
        result = await client.GetUserProfileAsync(new Option { Desc = desc, Lang = lang });
    }
}
catch (UserProfileException ex)
{
    Console.WriteLine(ex.ErrMsg);
    return 1;
}

return PrintAndVerify(result, sessionKey);

// What the backend does with a result: verify the signature, decrypt, check the watermark and rawData.
static int PrintAndVerify(SuccessCallbackResult result, string sessionKey)
{
    var json = new JsonSerializerOptions(SampleJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    Console.WriteLine(JsonSerializer.Serialize(result, new SampleJsonContext(json).SuccessCallbackResult));
    var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = DemoAppId });
    try
    {
        var verified = verifier.VerifyAndDecrypt(result, sessionKey);
        Console.WriteLine($"verified: signature ok, encryptedData decrypted for \"{verified.NickName}\" (watermark appid {verified.Watermark.AppId}, timestamp {verified.Watermark.Timestamp}), matches rawData");
        return 0;
    }
    catch (OpenDataException ex)
    {
        Console.Error.WriteLine($"verification failed: error {ex.ErrorCode}: {ex.Reason}");
        return 1;
    }
}
