namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>What code2Session (<c>GET /sns/jscode2session</c>) returns for a login code.</summary>
/// <remarks><see cref="ToString"/> redacts the session key.</remarks>
public sealed class Code2SessionResult
{
    /// <summary>Initializes a new instance of the <see cref="Code2SessionResult"/> class.</summary>
    /// <param name="openId">The user's openid for this mini program.</param>
    /// <param name="sessionKey">The session_key: the base64 of 16 bytes.</param>
    /// <param name="unionId">The user's unionid, or <see langword="null"/> when the app is not bound to an open platform account.</param>
    /// <exception cref="ArgumentNullException"><paramref name="openId"/> or <paramref name="sessionKey"/> is <see langword="null"/>.</exception>
    public Code2SessionResult(string openId, string sessionKey, string? unionId)
    {
        ArgumentNullException.ThrowIfNull(openId);
        ArgumentNullException.ThrowIfNull(sessionKey);
        OpenId = openId;
        SessionKey = sessionKey;
        UnionId = unionId;
    }

    /// <summary>Gets the user's openid for this mini program: the authoritative user identifier.</summary>
    public string OpenId { get; }

    /// <summary>Gets the session_key that signs and encrypts this login's open data. Keep it on the server only.</summary>
    public string SessionKey { get; }

    /// <summary>Gets the user's unionid, or <see langword="null"/> when WeChat issued none.</summary>
    public string? UnionId { get; }

    /// <summary>Returns a description with the session key redacted.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"Code2SessionResult {{ OpenId = {OpenId}, SessionKey = (redacted), UnionId = {UnionId} }}";
}
