// Runs getUserProfile end to end against the UserProfile *package*: client flow, then backend verify and decrypt,
// once from this app and once through a netstandard2.0 library that consumes the package too.
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Reflection;
using PackageConsumer.Library;
using WeChatMiniProgram.UserProfile;
using WeChatMiniProgram.UserProfile.Server;

const string AppId = "wx4f4bc4dec97d474b";
var sessionKey = InMemorySessionKeyProvider.CreateSessionKey();
var client = new UserProfileClient(
    new UserProfileClientOptions { AppId = AppId, RequireUserGesture = false, AnonymousProfile = false },
    new InMemoryConsentPromptProvider(ConsentDecision.Allow),
    InMemoryUserProfileSource.Demo,
    new InMemorySessionKeyProvider(sessionKey));

var result = await client.GetUserProfileAsync(new Option { Desc = "package consumer" });
var profile = new UserProfileVerifier(new OpenDataOptions { AppId = AppId }).VerifyAndDecrypt(result, sessionKey);
var library = typeof(UserProfileClient).Assembly;

// The informational version is the package's own (0.1.0-local.<time> from eng/pack.sh, plus the commit), so the
// output shows which pack the app really runs on.
var packageVersion = library.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
Console.WriteLine($"app on {RuntimeInformation.FrameworkDescription}, UserProfile {packageVersion} "
    + $"({library.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName}): {result.ErrMsg}; verified {profile.NickName} from {profile.City}");
Console.WriteLine($"netstandard2.0 library: {await ProfileRoundTrip.RunAsync(AppId)}");
Console.WriteLine($"netstandard2.0 library: set {PublicSurface.SetEverything()} public members and built every result type on this runtime's build");
return result.ErrMsg == ErrMsgs.Ok && profile.NickName == result.UserInfo.NickName ? 0 : 1;
