using System.Threading.Tasks;
using WeChatMiniProgram.UserProfile;
using WeChatMiniProgram.UserProfile.Server;

namespace PackageConsumer.Library;

/// <summary>The whole getUserProfile flow, client call then backend verify, written against the netstandard2.0 API.</summary>
public static class ProfileRoundTrip
{
    /// <summary>Runs the flow and returns a line describing what was verified, or throws.</summary>
    public static async Task<string> RunAsync(string appId)
    {
        var sessionKey = InMemorySessionKeyProvider.CreateSessionKey();
        var client = new UserProfileClient(
            new UserProfileClientOptions { AppId = appId, RequireUserGesture = false, AnonymousProfile = false },
            new InMemoryConsentPromptProvider(ConsentDecision.Allow),
            InMemoryUserProfileSource.Demo,
            new InMemorySessionKeyProvider(sessionKey));

        var result = await client.GetUserProfileAsync(new Option { Desc = "netstandard2.0 library" }).ConfigureAwait(false);
        var profile = new UserProfileVerifier(new OpenDataOptions { AppId = appId }).VerifyAndDecrypt(result, sessionKey);
        return profile.NickName == result.UserInfo.NickName
            ? $"{result.ErrMsg}; verified {profile.NickName} from {profile.City}"
            : throw new UserProfileException(ErrMsgs.InternalError);
    }
}
