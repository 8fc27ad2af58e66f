namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The verdict of a mediaCheckAsync v2 check, pushed as the <c>wxa_media_check</c> event. Match it to the check by
/// <see cref="TraceId"/>. <see cref="ErrCode"/> -1008 means WeChat could not download the media URL.
/// </summary>
/// <param name="AppId">The mini program (<c>appid</c>).</param>
/// <param name="TraceId">The trace id <see cref="WeChatContentSecurityClient.StartMediaCheckAsync"/> returned (<c>trace_id</c>).</param>
/// <param name="Version">The API version (<c>version</c>), 2.</param>
/// <param name="ErrCode">0 when the media was checked; -1008 when it could not be downloaded (<c>errcode</c>).</param>
/// <param name="ErrMsg">WeChat's message (<c>errmsg</c>).</param>
/// <param name="Suggest">The overall verdict (<c>result.suggest</c>); meaningful when <paramref name="ErrCode"/> is 0.</param>
/// <param name="Label">The overall label (<c>result.label</c>, see <see cref="ContentLabels"/>).</param>
/// <param name="Details">Each strategy's finding (<c>detail</c>).</param>
public sealed record WeChatMediaCheckEvent(string AppId, string TraceId, int Version, int ErrCode, string? ErrMsg, ContentSuggest Suggest, int Label, IReadOnlyList<ContentCheckDetail> Details)
{
    /// <summary>The event's name in a push (<c>Event</c>).</summary>
    public const string EventName = "wxa_media_check";

    /// <summary>Gets a value indicating whether WeChat checked the media (errcode 0), rather than failing to download it.</summary>
    public bool Checked => ErrCode == 0;
}
