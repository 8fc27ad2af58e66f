namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Where a kept profile field came from.</summary>
public enum ProfileFieldSource
{
    /// <summary>A getUserProfile result verified with the user's session key (base library below 2.27.1 gives real values).</summary>
    GetUserProfile,

    /// <summary>The fill-in components: <c>&lt;button open-type="chooseAvatar"&gt;</c> and <c>&lt;input type="nickname"&gt;</c>.</summary>
    FilledIn,
}
