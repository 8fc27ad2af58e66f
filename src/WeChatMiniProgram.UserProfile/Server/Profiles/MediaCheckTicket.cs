namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Which avatar a mediaCheckAsync call checks: WeChat's push names only the trace id, so the backend keeps this until
/// the verdict comes (at most <see cref="Lifetime"/>). A verdict for an avatar already replaced changes nothing.
/// </summary>
/// <param name="TraceId">mediaCheckAsync's trace id.</param>
/// <param name="AppId">The mini program's AppId.</param>
/// <param name="OpenId">The avatar's owner.</param>
/// <param name="AvatarId">The checked image's id.</param>
public sealed record MediaCheckTicket(string TraceId, string AppId, string OpenId, string AvatarId)
{
    /// <summary>How long a ticket is kept: WeChat pushes its verdict within 30 minutes, and retries a push it could not deliver.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
}
