namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Where the content appears, as msgSecCheck and mediaCheckAsync v2 take it (<c>scene</c>).</summary>
public enum ContentScene
{
    /// <summary>1: a profile (a nickname, an avatar, a signature).</summary>
    Profile = 1,

    /// <summary>2: a comment.</summary>
    Comment = 2,

    /// <summary>3: a forum post.</summary>
    Forum = 3,

    /// <summary>4: a social log (a moment, a diary).</summary>
    SocialLog = 4,
}
