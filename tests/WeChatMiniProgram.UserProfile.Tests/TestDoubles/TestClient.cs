using System.Security.Cryptography;

namespace WeChatMiniProgram.UserProfile.Tests.TestDoubles;

/// <summary>Builds clients for tests with in-memory host components and a fake clock.</summary>
public static class TestClient
{
    public const string AppId = "wx4f4bc4dec97d474b";

    public static string NewSessionKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public static UserProfileClientOptions Options(Action<UserProfileClientOptions>? configure = null)
    {
        var options = new UserProfileClientOptions
        {
            AppId = AppId,
            AppName = "Test App",
            RequireUserGesture = false,
            // The flow tests follow the user's own profile through signing and encryption, so they take the explicit
            // pre-2022 override; the default (anonymised from base library 2.27.1) has tests of its own.
            AnonymousProfile = false,
        };
        configure?.Invoke(options);
        return options;
    }

    public static UserProfileClient Create(
        IConsentPromptProvider? prompt = null,
        IUserProfileSource? profiles = null,
        string? sessionKey = null,
        TestClock? time = null,
        Action<UserProfileClientOptions>? configure = null)
        => new(
            Options(configure),
            prompt ?? new InMemoryConsentPromptProvider(ConsentDecision.Allow),
            profiles ?? InMemoryUserProfileSource.Demo,
            new InMemorySessionKeyProvider(sessionKey ?? NewSessionKey()),
            timeProvider: time ?? new TestClock());
}
