using WeChatMiniProgram.UserProfile;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>A realistic getUserProfile result: CJK nickname, long avatar URL, about 400 B of ciphertext.</summary>
public static class Payload
{
    public const string AppId = "wx4f4bc4dec97d474b";

    public static readonly string SessionKey = InMemorySessionKeyProvider.CreateSessionKey();

    public static readonly UserInfo Profile = new()
    {
        NickName = "小明同学😀",
        Gender = Gender.Male,
        Language = "zh_CN",
        City = "广州",
        Province = "广东",
        Country = "中国",
        AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/Q0j4TwGTfTJ2wZx9bG1mHRPd7ib6YLzO9l4k0uxpe1HzP4ibicXQbG0pQicia6pZ6mHibV8YdnQ5LZdT8mYkqkW1hXQ/132",
    };

    public static readonly SuccessCallbackResult Result = Create();

    private static SuccessCallbackResult Create()
    {
        var client = new UserProfileClient(
            new UserProfileClientOptions { AppId = AppId, RequireUserGesture = false, MaxCallsPerSecond = 0, AnonymousProfile = false },
            new InMemoryConsentPromptProvider(ConsentDecision.Allow),
            new InMemoryUserProfileSource(Profile),
            new InMemorySessionKeyProvider(SessionKey));
        return client.GetUserProfileAsync(new Option { Desc = "benchmark" }).GetAwaiter().GetResult();
    }
}
