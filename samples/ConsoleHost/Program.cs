// The getUserProfile flow in a terminal: a demo user, a fresh session key and a demo AppId.
//   dotnet run --project samples/ConsoleHost [-- --desc TEXT] [--lang en|zh_CN|zh_TW] [--anonymous]
//   printf 'y\n' | dotnet run --project samples/ConsoleHost
using System.Text.Encodings.Web;
using System.Text.Json;
using ConsoleHost;
using UserProfile;
using UserProfile.Server;

const string DemoAppId = "wx4f4bc4dec97d474b";

var desc = "用于完善会员资料";
var lang = Language.En;
var anonymous = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--desc" when i + 1 < args.Length:
            desc = args[++i];
            break;
        case "--lang" when i + 1 < args.Length && LanguageExtensions.TryParseWireName(args[i + 1], out var parsed):
            lang = parsed;
            i++;
            break;
        case "--anonymous":
            anonymous = true;
            break;
        default:
            await Console.Error.WriteLineAsync($"unknown or incomplete argument '{args[i]}'\nusage: ConsoleHost [--desc TEXT] [--lang en|zh_CN|zh_TW] [--anonymous]");
            return 2;
    }
}

Console.OutputEncoding = System.Text.Encoding.UTF8;
// A fresh login: the session key code2Session would give the backend, shared with the client here.
var sessionKey = InMemorySessionKeyProvider.CreateSessionKey();
var sessionKeys = new InMemorySessionKeyProvider(sessionKey);
var client = new UserProfileClient(
    new UserProfileClientOptions { AppId = DemoAppId, AppName = "UserProfile Demo", AnonymousProfile = anonymous },
    new TerminalConsentPrompt(Console.In, Console.Out),
    InMemoryUserProfileSource.Demo,
    sessionKeys);

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

var json = new JsonSerializerOptions(SampleJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
Console.WriteLine(JsonSerializer.Serialize(result, new SampleJsonContext(json).SuccessCallbackResult));

// What the backend does with it: verify the signature, decrypt, check the watermark and rawData.
var verifier = new UserProfileVerifier(new UserProfileVerifierOptions { AppId = DemoAppId });
try
{
    var verified = verifier.VerifyAndDecrypt(result, sessionKey);
    Console.WriteLine($"verified: signature ok, encryptedData decrypted for \"{verified.NickName}\" (watermark appid {verified.Watermark.AppId}, timestamp {verified.Watermark.Timestamp}), matches rawData");
}
catch (OpenDataException ex)
{
    Console.Error.WriteLine($"verification failed: error {ex.ErrorCode}: {ex.Reason}");
    return 1;
}

return 0;
