namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// A user's WeChat session as a backend keeps it, per (AppId, openid): the session_key of the latest code2Session, when
/// it was issued, and the key it replaced. WeChat's rule is "latest login wins": a new <c>wx.login</c> makes the previous
/// key stale. The previous key is kept only to explain a failure (<see cref="OpenDataError.SessionKeyReplaced"/>), never
/// to accept data.
/// </summary>
/// <remarks><see cref="ToString"/> never shows the keys.</remarks>
public sealed class WeChatSession
{
    /// <summary>Initializes a new instance of the <see cref="WeChatSession"/> class.</summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="openId">The user's openid under that AppId.</param>
    /// <param name="unionId">The user's unionid, or <see langword="null"/> when WeChat gave none.</param>
    /// <param name="sessionKey">The current session_key.</param>
    /// <param name="issuedAt">When the current session_key was issued (when code2Session answered).</param>
    /// <param name="previousSessionKey">The session_key the current one replaced, or <see langword="null"/>.</param>
    /// <param name="previousIssuedAt">When <paramref name="previousSessionKey"/> was issued; required with it.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="appId"/>, <paramref name="openId"/> or <paramref name="sessionKey"/> is <see langword="null"/> or
    /// empty, or exactly one of <paramref name="previousSessionKey"/> and <paramref name="previousIssuedAt"/> is given.
    /// </exception>
    public WeChatSession(string appId, string openId, string? unionId, string sessionKey, DateTimeOffset issuedAt, string? previousSessionKey = null, DateTimeOffset? previousIssuedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        if (previousSessionKey is "" || (previousSessionKey is null) != (previousIssuedAt is null))
        {
            throw new ArgumentException("A previous session key and its issue time are given together, or not at all.", nameof(previousSessionKey));
        }

        AppId = appId;
        OpenId = openId;
        UnionId = unionId is "" ? null : unionId;
        SessionKey = sessionKey;
        IssuedAt = issuedAt;
        PreviousSessionKey = previousSessionKey;
        PreviousIssuedAt = previousIssuedAt;
    }

    /// <summary>Gets the mini program's AppId.</summary>
    public string AppId { get; }

    /// <summary>Gets the user's openid under <see cref="AppId"/>.</summary>
    public string OpenId { get; }

    /// <summary>Gets the user's unionid, or <see langword="null"/>.</summary>
    public string? UnionId { get; }

    /// <summary>Gets the current session_key: the only key data is accepted under.</summary>
    public string SessionKey { get; }

    /// <summary>Gets when <see cref="SessionKey"/> was issued.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>Gets the session_key that <see cref="SessionKey"/> replaced, or <see langword="null"/>.</summary>
    public string? PreviousSessionKey { get; }

    /// <summary>Gets when <see cref="PreviousSessionKey"/> was issued, or <see langword="null"/>.</summary>
    public DateTimeOffset? PreviousIssuedAt { get; }

    /// <summary>
    /// The session after a login: of every key in <paramref name="stored"/> and <paramref name="login"/>, the most
    /// recently issued becomes current and the next one previous. The merge is idempotent, and commutative for keys
    /// issued at different times, so two instances that each merge what they saw reach the same pair. A tie in issue
    /// time goes to <paramref name="login"/>'s keys: of two logins in the same instant, the one stored last wins.
    /// </summary>
    /// <param name="stored">What the store holds for this user, or <see langword="null"/>.</param>
    /// <param name="login">The new session, usually without a previous key.</param>
    /// <returns>The merged session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="login"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The two sessions belong to different users or apps.</exception>
    public static WeChatSession Merge(WeChatSession? stored, WeChatSession login)
    {
        ArgumentNullException.ThrowIfNull(login);
        if (stored is null)
        {
            return login;
        }

        if (!string.Equals(stored.AppId, login.AppId, StringComparison.Ordinal) || !string.Equals(stored.OpenId, login.OpenId, StringComparison.Ordinal))
        {
            throw new ArgumentException("Only sessions of the same AppId and openid merge.", nameof(login));
        }

        var first = default(IssuedKey);
        var second = default(IssuedKey);
        Consider(new IssuedKey(login.SessionKey, login.IssuedAt), ref first, ref second);
        Consider(new IssuedKey(stored.SessionKey, stored.IssuedAt), ref first, ref second);
        if (login.PreviousSessionKey is not null)
        {
            Consider(new IssuedKey(login.PreviousSessionKey, login.PreviousIssuedAt!.Value), ref first, ref second);
        }

        if (stored.PreviousSessionKey is not null)
        {
            Consider(new IssuedKey(stored.PreviousSessionKey, stored.PreviousIssuedAt!.Value), ref first, ref second);
        }

        // The unionid travels with the login that issued the current key; the other login's stands in when that one had none.
        var owner = string.Equals(first.Key, login.SessionKey, StringComparison.Ordinal) ? login : stored;
        var other = ReferenceEquals(owner, login) ? stored : login;
        return new WeChatSession(login.AppId, login.OpenId, owner.UnionId ?? other.UnionId, first.Key!, first.IssuedAt, second.Key, second.Key is null ? null : second.IssuedAt);
    }

    /// <inheritdoc/>
    public override string ToString()
        => $"WeChatSession {{ AppId = {AppId}, OpenId = {OpenId}, UnionId = {UnionId}, SessionKey = (redacted), IssuedAt = {IssuedAt:O}, PreviousSessionKey = {(PreviousSessionKey is null ? "(none)" : "(redacted)")} }}";

    private static void Consider(IssuedKey candidate, ref IssuedKey first, ref IssuedKey second)
    {
        if (string.Equals(candidate.Key, first.Key, StringComparison.Ordinal) || string.Equals(candidate.Key, second.Key, StringComparison.Ordinal))
        {
            return;
        }

        if (first.Key is null || candidate.IsNewerThan(first))
        {
            second = first;
            first = candidate;
        }
        else if (second.Key is null || candidate.IsNewerThan(second))
        {
            second = candidate;
        }
    }

    private readonly struct IssuedKey(string key, DateTimeOffset issuedAt)
    {
        public string? Key { get; } = key;

        public DateTimeOffset IssuedAt { get; } = issuedAt;

        // Strictly newer: on a tie the key considered first (the login's) keeps its place.
        public bool IsNewerThan(IssuedKey other) => IssuedAt > other.IssuedAt;
    }
}
