using WeChatMiniProgram.UserProfile.Diagnostics;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The two steps a mini-program backend performs, over a shared session store: <see cref="LoginAsync"/> turns a
/// <c>wx.login</c> code into a stored session, and <see cref="VerifyProfileAsync(string, string, string, string, string, CancellationToken)"/>
/// verifies and decrypts a getUserProfile result with that session's key.
/// </summary>
/// <remarks>
/// <para>
/// When data fails under the current key, the server tries the user's previous key. If the data verifies under it, the
/// failure is <see cref="OpenDataError.SessionKeyReplaced"/>: the client logged in again after calling getUserProfile.
/// The previous key only ever explains a failure; data under it is never accepted.
/// </para>
/// <para>Thread-safe. Its spans (UserProfile.Login, UserProfile.VerifyProfile, UserProfile.SessionStore.*) carry outcomes only.</para>
/// </remarks>
public sealed class UserProfileServer
{
    private readonly WeChatLoginClient _login;
    private readonly IWeChatSessionStore _sessions;
    private readonly UserProfileVerifier _verifier;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="UserProfileServer"/> class.</summary>
    /// <param name="login">The code2Session client.</param>
    /// <param name="sessions">Where sessions live; shared by every instance of the backend.</param>
    /// <param name="verifier">The verifier; its AppId must be the login client's.</param>
    /// <param name="timeProvider">The clock that stamps logins; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="login"/>, <paramref name="sessions"/> or <paramref name="verifier"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The verifier and the login client are for different AppIds.</exception>
    public UserProfileServer(WeChatLoginClient login, IWeChatSessionStore sessions, UserProfileVerifier verifier, TimeProvider? timeProvider = null)
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
        var error = Verify(session, rawData, signature, encryptedData, iv, out var profile);
        UserProfileDiagnostics.ServerEnded(activity, error);
        return error == OpenDataError.None ? profile! : throw new OpenDataException(error);
    }

    private OpenDataError Verify(WeChatSession? session, string rawData, string signature, string encryptedData, string iv, out DecryptedUserProfile? profile)
    {
        profile = null;
        if (session is null)
        {
            return OpenDataError.SessionNotFound;
        }

        // The verifier's core, without spans of its own: this call records one span and one outcome.
        var error = _verifier.VerifyAndDecryptCore(rawData, signature, encryptedData, iv, session.SessionKey, out profile);
        if (error == OpenDataError.None)
        {
            return OpenDataError.None;
        }

        // A stale key shows as a signature or decryption failure. The previous key is tried only to name that cause;
        // whatever it yields is discarded, so data under it is never accepted.
        if (error is OpenDataError.SignatureMismatch or OpenDataError.DecryptionFailed
            && session.PreviousSessionKey is { } previousKey
            && _verifier.VerifyAndDecryptCore(rawData, signature, encryptedData, iv, previousKey, out _) == OpenDataError.None)
        {
            return OpenDataError.SessionKeyReplaced;
        }

        return error;
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
