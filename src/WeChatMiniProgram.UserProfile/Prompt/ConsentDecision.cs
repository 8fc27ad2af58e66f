namespace WeChatMiniProgram.UserProfile;

/// <summary>The user's answer to the consent prompt.</summary>
public enum ConsentDecision
{
    /// <summary>The user declined; the call fails with <see cref="ErrMsgs.AuthDeny"/>. The default value, so an unset decision never shares data.</summary>
    Deny = 0,

    /// <summary>The user agreed to share the profile.</summary>
    Allow = 1,
}
