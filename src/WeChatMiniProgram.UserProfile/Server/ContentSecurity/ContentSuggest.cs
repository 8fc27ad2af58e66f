namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>WeChat's verdict on content (<c>suggest</c>): pass it, have a person review it, or refuse it.</summary>
public enum ContentSuggest
{
    /// <summary><c>pass</c>: nothing found.</summary>
    Pass,

    /// <summary><c>review</c>: uncertain; show it only after a person has looked, or keep it marked.</summary>
    Review,

    /// <summary><c>risky</c>: refuse it.</summary>
    Risky,
}
