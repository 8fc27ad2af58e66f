namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Supplies the session_key of the current login (what code2Session issued for the last wx.login).
/// The host implements it; <see cref="InMemorySessionKeyProvider"/> serves samples and tests.
/// </summary>
public interface ISessionKeyProvider
{
    /// <summary>Gets the current login's session_key: the base64 of 16 bytes.</summary>
    /// <param name="cancellationToken">Cancelled when the call is cancelled.</param>
    /// <returns>The session key. A missing or malformed key fails the call with <see cref="ErrMsgs.InvalidSessionKey"/>.</returns>
    ValueTask<string> GetSessionKeyAsync(CancellationToken cancellationToken);
}
