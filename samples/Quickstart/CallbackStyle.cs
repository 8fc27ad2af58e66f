using WeChatMiniProgram.UserProfile;

namespace Quickstart;

/// <summary>The README's callback-style quickstart.</summary>
public static class CallbackStyle
{
    public static async Task RunAsync()
    {
        var client = new UserProfileClient(
            new UserProfileClientOptions { AppId = "wx4f4bc4dec97d474b", AppName = "My Shop" },
            new InMemoryConsentPromptProvider(ConsentDecision.Deny), // this run shows the Fail path
            InMemoryUserProfileSource.Demo,
            new LoginState("tiihtNczf5v6AKRyjwEUhQ=="));

        using (UserGesture.Begin())
        {
            try
            {
                // Await the call, even with callbacks: the gesture scope then lasts until the call ends, and a failure,
                // which also faults the task after Fail and Complete ran, is observed here instead of going unobserved.
                await client.GetUserProfileAsync(new Option
                {
                    Desc = "用于完善会员资料",
                    Lang = Language.ZhCN,
                    Success = res => Console.WriteLine($"Success: {res.UserInfo.NickName}"),
                    Fail = err => Console.WriteLine($"Fail: {err.ErrMsg}"),
                    Complete = _ => Console.WriteLine("Complete: hide the spinner"),
                });
            }
            catch (UserProfileException)
            {
                // Fail has already handled it.
            }
        }
    }
}
