using WeChatMiniProgram.UserProfile.Diagnostics;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The two steps a mini-program backend performs, over a shared session store: <see cref="LoginAsync"/> turns a
/// <c>wx.login</c> code into a stored session, and <see cref="VerifyProfileAsync(string, string, string, string, string, CancellationToken)"/>
/// verifies and decrypts a getUserProfile result with that session's key.
/// </summary>
/// <remarks>
/// <para>
/// Verdicts follow WeChat's truth. When data fails under the current key, the server tries the user's previous key.
/// If the data verifies under it, WeChat is asked (checkSessionKey) whether that key is still the user's current one:
/// if it is (two logins were stored in the other order than WeChat issued them), it becomes the current key in the
/// store and the data is accepted; if not, the failure is <see cref="OpenDataError.SessionKeyReplaced"/>: the client
/// logged in again after calling getUserProfile. Data under the current key of two logins stored within
/// <see cref="KeyOrderUncertainty"/> of each other is confirmed the same way.
/// </para>
/// <para>
/// What it costs: one checkSessionKey call to WeChat (two at most), on these paths only; every other verification is
/// local. When WeChat cannot answer, the store's order stands.
/// </para>
/// <para>Thread-safe. Its spans (UserProfile.Login, UserProfile.VerifyProfile, UserProfile.SessionStore.*) carry outcomes only.</para>
/// </remarks>
public sealed class UserProfileServer
{
    /// <summary>
    /// How close together two stored logins may be before the store's order of their keys is not trusted: each instance
    /// stamps a login when its code2Session returns, so two overlapping logins can be stamped in either order. Data under
    /// the current key of such a pair is confirmed with WeChat (checkSessionKey) before it is accepted.
    /// </summary>
    public static readonly TimeSpan KeyOrderUncertainty = TimeSpan.FromSeconds(10);

    private readonly WeChatLoginClient _login;
    private readonly IWeChatSessionStore _sessions;
    private readonly UserProfileVerifier _verifier;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatServerObserver _observer;

    /// <summary>Initializes a new instance of the <see cref="UserProfileServer"/> class.</summary>
    /// <param name="login">The code2Session client.</param>
    /// <param name="sessions">Where sessions live; shared by every instance of the backend.</param>
    /// <param name="verifier">The verifier; its AppId must be the login client's.</param>
    /// <param name="timeProvider">The clock that stamps logins; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="login"/>, <paramref name="sessions"/> or <paramref name="verifier"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The verifier and the login client are for different AppIds.</exception>
    /// <param name="observer">Hears truth checks and replaced keys; <see langword="null"/> for none.</param>
    public UserProfileServer(WeChatLoginClient login, IWeChatSessionStore sessions, UserProfileVerifier verifier, TimeProvider? timeProvider = null, WeChatServerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(verifier);
        if (!string.Equals(login.AppId, verifier.AppId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The verifier checks AppId {verifier.AppId}, but the login client logs in to {login.AppId}: configure one AppId for both.", nameof(verifier));
        }

        _login = login;
        _sessions = sessions;
        _verifier = verifier;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _observer = observer ?? WeChatServerObserver.None;
    }

    /// <summary>
    /// Logs a user in: calls code2Session with <paramref name="code"/> and stores the session, so the new session_key
    /// becomes current and the one it replaced previous.
    /// </summary>
    /// <param name="code">The code <c>wx.login</c> returned.</param>
    /// <param name="cancellationToken">Cancels the call and the store.</param>
    /// <returns>The user's openid and unionid.</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="WeChatApiException">code2Session failed (a bad or used code, a wrong AppSecret, WeChat busy, ...).</exception>
    public async Task<LoginResult> LoginAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        using var activity = UserProfileDiagnostics.StartLogin();
        Code2SessionResult reply;
        try
        {
            reply = await _login.Code2SessionAsync(code, cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatApiException ex)
        {
            UserProfileDiagnostics.LoginEnded(activity, ex.ErrCode);
            throw;
        }
        catch (Exception)
        {
            UserProfileDiagnostics.LoginEnded(activity, null);
            throw;
        }

        var issuedAt = _timeProvider.GetUtcNow();
        var session = new WeChatSession(_login.AppId, reply.OpenId, reply.UnionId, reply.SessionKey, issuedAt);
        await SaveAsync(session, cancellationToken).ConfigureAwait(false);
        UserProfileDiagnostics.LoginEnded(activity, 0);
        return new LoginResult(reply.OpenId, reply.UnionId, issuedAt);
    }

    /// <summary>Verifies and decrypts a getUserProfile result with the user's current session key.</summary>
    /// <param name="openId">The user's openid, as <see cref="LoginAsync"/> returned it (from your own session or token).</param>
    /// <param name="result">The client's getUserProfile result.</param>
    /// <param name="cancellationToken">Cancels the session read.</param>
    /// <returns>The verified profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="openId"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="OpenDataException">The data was rejected; <see cref="OpenDataError.SessionKeyReplaced"/> when a newer login replaced its key, <see cref="OpenDataError.SessionNotFound"/> without a session.</exception>
    public Task<DecryptedUserProfile> VerifyProfileAsync(string openId, SuccessCallbackResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return VerifyProfileAsync(openId, result.RawData, result.Signature, result.EncryptedData, result.Iv, cancellationToken);
    }

    /// <summary>Verifies and decrypts the fields of a getUserProfile result with the user's current session key.</summary>
    /// <param name="openId">The user's openid, as <see cref="LoginAsync"/> returned it (from your own session or token).</param>
    /// <param name="rawData">rawData from the client's result.</param>
    /// <param name="signature">signature from the client's result.</param>
    /// <param name="encryptedData">encryptedData from the client's result.</param>
    /// <param name="iv">iv from the client's result.</param>
    /// <param name="cancellationToken">Cancels the session read.</param>
    /// <returns>The verified profile.</returns>
    /// <exception cref="ArgumentException"><paramref name="openId"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="OpenDataException">The data was rejected; <see cref="OpenDataError.SessionKeyReplaced"/> when a newer login replaced its key, <see cref="OpenDataError.SessionNotFound"/> without a session.</exception>
    public async Task<DecryptedUserProfile> VerifyProfileAsync(string openId, string rawData, string signature, string encryptedData, string iv, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        var session = await GetAsync(openId, cancellationToken).ConfigureAwait(false);
        using var activity = UserProfileDiagnostics.StartServer("UserProfile.VerifyProfile");
        var (error, profile) = await VerifyAsync(session, rawData, signature, encryptedData, iv, cancellationToken).ConfigureAwait(false);
        UserProfileDiagnostics.ServerEnded(activity, error);
        if (error == OpenDataError.SessionKeyReplaced)
        {
            _observer.SessionKeyReplaced(_login.AppId);
        }

        return error == OpenDataError.None ? profile! : throw new OpenDataException(error);
    }

    private async Task<(OpenDataError Error, DecryptedUserProfile? Profile)> VerifyAsync(
        WeChatSession? session, string rawData, string signature, string encryptedData, string iv, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            return (OpenDataError.SessionNotFound, null);
        }

        // The verifier's core, without spans of its own: this call records one span and one outcome.
        var error = _verifier.VerifyAndDecryptCore(rawData, signature, encryptedData, iv, session.SessionKey, out var profile);
        if (error == OpenDataError.None)
        {
            // Two logins stored close together may be in the store in another order than at WeChat (each instance
            // stamps its login when its code2Session returns): WeChat says whether the key the data is under is current.
            if (session is { PreviousSessionKey: { } previous, PreviousIssuedAt: { } previousAt } && session.IssuedAt - previousAt <= KeyOrderUncertainty)
            {
                var current = await IsCurrentAtWeChatAsync(session.OpenId, session.SessionKey, cancellationToken).ConfigureAwait(false);
                _observer.TruthChecked(_login.AppId, current, promoted: false);
                if (current == false)
                {
                    var previousCurrent = await IsCurrentAtWeChatAsync(session.OpenId, previous, cancellationToken).ConfigureAwait(false) == true;
                    if (previousCurrent)
                    {
                        await PromoteAsync(session, previous, cancellationToken).ConfigureAwait(false);
                    }

                    _observer.TruthChecked(_login.AppId, previousCurrent, promoted: previousCurrent);
                    return (OpenDataError.SessionKeyReplaced, null);
                }
            }

            return (OpenDataError.None, profile);
        }

        // A stale key shows as a signature failure. The data verifies under the previous key: either a later login
        // replaced that key (SessionKeyReplaced), or the store's order is not WeChat's and it is the current one. WeChat
        // decides; a key it confirms becomes current in the store, and only then is the data accepted.
        if (error == OpenDataError.SignatureMismatch
            && session.PreviousSessionKey is { } previousKey
            && _verifier.VerifyAndDecryptCore(rawData, signature, encryptedData, iv, previousKey, out var underPrevious) == OpenDataError.None)
        {
            var current = await IsCurrentAtWeChatAsync(session.OpenId, previousKey, cancellationToken).ConfigureAwait(false);
            _observer.TruthChecked(_login.AppId, current, promoted: current == true);
            if (current == true)
            {
                await PromoteAsync(session, previousKey, cancellationToken).ConfigureAwait(false);
                return (OpenDataError.None, underPrevious);
            }

            return (OpenDataError.SessionKeyReplaced, null);
        }

        return (error, null);
    }

    /// <summary>Asks WeChat (checkSessionKey) whether <paramref name="sessionKey"/> is the user's current key; <see langword="null"/> when WeChat cannot tell now.</summary>
    private async Task<bool?> IsCurrentAtWeChatAsync(string openId, string sessionKey, CancellationToken cancellationToken)
    {
        try
        {
            return await _login.CheckSessionKeyAsync(openId, sessionKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WeChatApiException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // WeChat unreachable or refusing: the store's order stands, as it would without the check.
            return null;
        }
    }

    /// <summary>
    /// Makes <paramref name="sessionKey"/>, which WeChat confirmed current, the current key in the store: saved as a login
    /// issued just after the stored current key, so the store's merge puts it first, atomically, and a login stored since
    /// (newer still) stays ahead of it.
    /// </summary>
    private async Task PromoteAsync(WeChatSession session, string sessionKey, CancellationToken cancellationToken)
    {
        var after = session.IssuedAt.AddMilliseconds(1);
        var now = _timeProvider.GetUtcNow();
        await SaveAsync(new WeChatSession(session.AppId, session.OpenId, session.UnionId, sessionKey, now > after ? now : after), cancellationToken).ConfigureAwait(false);
    }

    private async Task<WeChatSession?> GetAsync(string openId, CancellationToken cancellationToken)
    {
        using var activity = UserProfileDiagnostics.StartSessionStore("Get");
        try
        {
            var session = await _sessions.GetAsync(_login.AppId, openId, cancellationToken).ConfigureAwait(false);
            UserProfileDiagnostics.SessionStoreEnded(activity, "Get", session is null ? "absent" : "found");
            return session;
        }
        catch (Exception)
        {
            UserProfileDiagnostics.SessionStoreEnded(activity, "Get", "failed");
            throw;
        }
    }

    private async Task SaveAsync(WeChatSession session, CancellationToken cancellationToken)
    {
        using var activity = UserProfileDiagnostics.StartSessionStore("Save");
        try
        {
            await _sessions.SaveAsync(session, cancellationToken).ConfigureAwait(false);
            UserProfileDiagnostics.SessionStoreEnded(activity, "Save", "saved");
        }
        catch (Exception)
        {
            UserProfileDiagnostics.SessionStoreEnded(activity, "Save", "failed");
            throw;
        }
    }
}
