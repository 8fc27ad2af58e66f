using System.Text.Json.Nodes;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// One push, verified and (in compatible and secure mode) decrypted: its event or message type, the common fields, the
/// body as WeChat wrote it, and the typed <see cref="MediaCheck"/> for <c>wxa_media_check</c>. Every other event is its
/// <see cref="Event"/> name and its <see cref="Body"/>, for a handler that reads its own fields.
/// </summary>
public sealed class WeChatPushMessage
{
    private readonly JsonObject _fields;

    internal WeChatPushMessage(string body, WeChatPushFormat format, JsonObject fields, bool encrypted, string replayKey)
    {
        Body = body;
        Format = format;
        _fields = fields;
        WasEncrypted = encrypted;
        ReplayKey = replayKey;
        MediaCheck = string.Equals(Event, WeChatMediaCheckEvent.EventName, StringComparison.Ordinal) ? ReadMediaCheck(fields) : null;
    }

    /// <summary>Gets the message type (<c>MsgType</c>): <c>event</c> for events.</summary>
    public string? MsgType => GetField("MsgType");

    /// <summary>Gets the event's name (<c>Event</c>), such as <c>wxa_media_check</c>; <see langword="null"/> for a message that is not an event.</summary>
    public string? Event => GetField("Event");

    /// <summary>Gets the mini program's original id (<c>ToUserName</c>, <c>gh_…</c>).</summary>
    public string? ToUserName => GetField("ToUserName");

    /// <summary>Gets the sender (<c>FromUserName</c>): a user's openid, or the system.</summary>
    public string? FromUserName => GetField("FromUserName");

    /// <summary>Gets when WeChat made the message (<c>CreateTime</c>), in Unix seconds; <see langword="null"/> when absent.</summary>
    public long? CreateTime => PushDocument.Long(_fields[nameof(CreateTime)]);

    /// <summary>Gets the body's format.</summary>
    public WeChatPushFormat Format { get; }

    /// <summary>Gets a value indicating whether the message arrived encrypted (compatible or secure mode).</summary>
    public bool WasEncrypted { get; }

    /// <summary>Gets the message as WeChat wrote it, decrypted: JSON or XML by <see cref="Format"/>.</summary>
    public string Body { get; }

    /// <summary>Gets the media check's verdict when <see cref="Event"/> is <c>wxa_media_check</c>; otherwise <see langword="null"/>.</summary>
    public WeChatMediaCheckEvent? MediaCheck { get; }

    /// <summary>The key the replay guard remembers this push by.</summary>
    internal string ReplayKey { get; }

    /// <summary>Gets a top-level field as text (a number as its digits), in either format.</summary>
    /// <param name="name">The field's name, as WeChat spells it (case-sensitive).</param>
    /// <returns>The text; <see langword="null"/> when absent or not a single value.</returns>
    public string? GetField(string name) => PushDocument.Text(_fields, name);

    /// <summary>Returns a description without the body: it may hold users' data.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatPushMessage {{ MsgType = {MsgType}, Event = {Event}, Format = {Format}, WasEncrypted = {WasEncrypted} }}";

    private static WeChatMediaCheckEvent ReadMediaCheck(JsonObject fields)
    {
        var result = fields["result"] as JsonObject;
        var details = PushDocument.Objects(fields, "detail")
            .Select(static d => (Detail: d, Suggest: ContentSecurityJsonContext.ParseSuggest(PushDocument.Text(d, "suggest"))))
            .Where(static d => d.Suggest is not null)
            .Select(static d => new ContentCheckDetail(
                PushDocument.Text(d.Detail, "strategy") ?? string.Empty,
                PushDocument.Int(d.Detail["errcode"]) ?? 0,
                d.Suggest!.Value,
                PushDocument.Int(d.Detail["label"]) ?? ContentLabels.Normal,
                PushDocument.Int(d.Detail["prob"]),
                PushDocument.Text(d.Detail, "keyword"),
                PushDocument.Int(d.Detail["level"])))
            .ToList();
        var traceId = PushDocument.Text(fields, "trace_id");
        var errCode = PushDocument.Int(fields["errcode"]);
        var suggest = result is null ? null : ContentSecurityJsonContext.ParseSuggest(PushDocument.Text(result, "suggest"));
        if (traceId is null or "" || errCode is null || (errCode == 0 && suggest is null))
        {
            throw new WeChatPushException(WeChatPushError.Malformed, "The wxa_media_check event lacks its trace_id, errcode or result.suggest.");
        }

        return new WeChatMediaCheckEvent(
            PushDocument.Text(fields, "appid") ?? string.Empty,
            traceId,
            PushDocument.Int(fields["version"]) ?? 2,
            errCode.Value,
            PushDocument.Text(fields, "errmsg"),
            suggest ?? ContentSuggest.Review,
            (result is null ? null : PushDocument.Int(result["label"])) ?? ContentLabels.Normal,
            details);
    }
}
