namespace WeChatMiniProgram.UserProfile;

/// <summary>What a privacy authorisation popup shows: the app and the API that needs the user's agreement.</summary>
public sealed class PrivacyAuthorizationRequest
{
    /// <summary>Initializes a new instance of the <see cref="PrivacyAuthorizationRequest"/> class.</summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="appName">The mini program's display name.</param>
    /// <param name="apiName">The API that triggered the request, e.g. <c>getUserProfile</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public PrivacyAuthorizationRequest(string appId, string appName, string apiName)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(appName);
        ArgumentNullException.ThrowIfNull(apiName);
        AppId = appId;
        AppName = appName;
        ApiName = apiName;
    }

    /// <summary>Gets the mini program's AppId.</summary>
    public string AppId { get; }

    /// <summary>Gets the mini program's display name.</summary>
    public string AppName { get; }

    /// <summary>Gets the API that triggered the request (WeChat's <c>referrer</c>), e.g. <c>getUserProfile</c>.</summary>
    public string ApiName { get; }
}
