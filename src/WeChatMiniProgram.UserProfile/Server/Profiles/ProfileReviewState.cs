namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Where WeChat's content security stands on a kept nickname or avatar.</summary>
public enum ProfileReviewState
{
    /// <summary>Sent to WeChat (mediaCheckAsync) and not decided yet: the avatar is not served until it passes.</summary>
    Checking,

    /// <summary>WeChat found nothing: kept and shown.</summary>
    Pass,

    /// <summary>WeChat was unsure (<c>suggest: review</c>): kept and marked, for the app's own review.</summary>
    Review,

    /// <summary>WeChat found it risky: a nickname is never kept in this state; an avatar is removed and only its verdict stays, so its owner sees why.</summary>
    Risky,
}
