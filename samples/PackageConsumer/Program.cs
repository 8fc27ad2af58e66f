// Runs getUserProfile end to end against the UserProfile *package*: client flow, then backend verify and decrypt.
using UserProfile;
using UserProfile.Server;

const string AppId = "wx4f4bc4dec97d474b";
var sessionKey = InMemorySessionKeyProvider.CreateSessionKey();
var client = new UserProfileClient(
    new UserProfileClientOptions { AppId = AppId, RequireUserGesture = false },
    new InMemoryConsentPromptProvider(ConsentDecision.Allow),
    InMemoryUserProfileSource.Demo,
    new InMemorySessionKeyProvider(sessionKey));

var result = await client.GetUserProfileAsync(new Option { Desc = "package consumer" });
var profile = new UserProfileVerifier(new UserProfileVerifierOptions { AppId = AppId }).VerifyAndDecrypt(result, sessionKey);

Console.WriteLine($"{result.ErrMsg}; verified {profile.NickName} from {profile.City} using UserProfile {typeof(UserProfileClient).Assembly.GetName().Version}");
return result.ErrMsg == ErrMsgs.Ok && profile.NickName == result.UserInfo.NickName ? 0 : 1;
