namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>A push as WeChat sends it: the query parameters, the body and its content type.</summary>
/// <param name="Query">The query parameters.</param>
/// <param name="Body">The body.</param>
/// <param name="ContentType">The body's content type: <c>application/json</c> or <c>text/xml</c>.</param>
public sealed record WeChatPush(WeChatPushQuery Query, string Body, string ContentType)
{
    /// <summary>Returns a description without the body.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatPush {{ ContentType = {ContentType}, Encrypted = {Query.EncryptType is not null} }}";
}
