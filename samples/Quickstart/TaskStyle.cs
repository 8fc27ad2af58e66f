using WeChatMiniProgram.UserProfile;

namespace Quickstart;

/// <summary>The README's Task-style quickstart.</summary>
public static class TaskStyle
{
    public static async Task RunAsync()
    {
        // The three host components. The SDK's in-memory ones serve tests and demos; an app implements the interfaces:
        // IConsentPromptProvider (its consent UI), IUserProfileSource (the signed-in user's profile) and
        // ISessionKeyProvider (the session_key of the user's latest wx.login), as LoginState below does.
        var prompt = new InMemoryConsentPromptProvider(ConsentDecision.Allow);
        var profiles = InMemoryUserProfileSource.Demo;
        var sessionKeys = new LoginState("tiihtNczf5v6AKRyjwEUhQ==");

        var client = new UserProfileClient(
            new UserProfileClientOptions { AppId = "wx4f4bc4dec97d474b", AppName = "My Shop" },
            prompt,
            profiles,
            sessionKeys);

        using (UserGesture.Begin()) // the user tapped a button
        {
            try
            {
                SuccessCallbackResult res = await client.GetUserProfileAsync(new Option { Desc = "用于完善会员资料" });
                Console.WriteLine($"{res.ErrMsg}: send rawData, signature, encryptedData and iv to your backend ({res.RawData.Length} + {res.EncryptedData.Length} chars)");
            }
            catch (UserProfileException ex) when (ex.ErrMsg == ErrMsgs.AuthDeny)
            {
                Console.WriteLine($"{ex.ErrMsg}: the user said no");
            }
        }
    }
}

/// <summary>A minimal host component of your own: the session_key your app kept from its latest login.</summary>
public sealed class LoginState(string sessionKey) : ISessionKeyProvider
{
    public ValueTask<string> GetSessionKeyAsync(CancellationToken cancellationToken) => new(sessionKey);
}
