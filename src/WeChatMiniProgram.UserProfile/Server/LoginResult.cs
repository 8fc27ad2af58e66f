namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>What <see cref="UserProfileServer.LoginAsync"/> tells the backend about a login. The session_key stays in the session store.</summary>
public sealed class LoginResult
{
    /// <summary>Initializes a new instance of the <see cref="LoginResult"/> class.</summary>
    /// <param name="openId">The user's openid.</param>
    /// <param name="unionId">The user's unionid, or <see langword="null"/>.</param>
    /// <param name="issuedAt">When the login's session_key was issued.</param>
    /// <exception cref="ArgumentException"><paramref name="openId"/> is <see langword="null"/> or empty.</exception>
    public LoginResult(string openId, string? unionId, DateTimeOffset issuedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        OpenId = openId;
        UnionId = unionId;
        IssuedAt = issuedAt;
    }

    /// <summary>Gets the user's openid: the key to pass to <see cref="UserProfileServer.VerifyProfileAsync(string, SuccessCallbackResult, CancellationToken)"/>.</summary>
    public string OpenId { get; }

    /// <summary>Gets the user's unionid, or <see langword="null"/> when the app is not bound to an Open Platform account.</summary>
    public string? UnionId { get; }

    /// <summary>Gets when the login's session_key was issued.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <inheritdoc/>
    public override string ToString() => $"LoginResult {{ OpenId = {OpenId}, UnionId = {UnionId}, IssuedAt = {IssuedAt:O} }}";
}
