namespace WeChatMiniProgram.UserProfile;

/// <summary>What the consent prompt shows the user.</summary>
public sealed class ConsentRequest
{
    /// <summary>Initializes a new instance of the <see cref="ConsentRequest"/> class.</summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="appName">The mini program's display name.</param>
    /// <param name="desc">The app's reason for asking, from <see cref="Option.Desc"/>.</param>
    /// <param name="lang">The requested language.</param>
    /// <param name="preview">The profile that will be shared if the user agrees.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ConsentRequest(string appId, string appName, string desc, Language lang, UserInfo preview)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(appName);
        ArgumentNullException.ThrowIfNull(desc);
        ArgumentNullException.ThrowIfNull(preview);
        AppId = appId;
        AppName = appName;
        Desc = desc;
        Lang = lang;
        Preview = preview;
    }

    /// <summary>Gets the mini program's AppId.</summary>
    public string AppId { get; }

    /// <summary>Gets the mini program's display name.</summary>
    public string AppName { get; }

    /// <summary>Gets the app's reason for asking; the prompt must show it.</summary>
    public string Desc { get; }

    /// <summary>Gets the requested language.</summary>
    public Language Lang { get; }

    /// <summary>Gets the profile that will be shared if the user agrees (the anonymised one where that applies).</summary>
    public UserInfo Preview { get; }
}
