using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AspNetCoreBackend;

/// <summary>
/// STAND-IN for code2Session. A real backend sends wx.login's code to WeChat's code2Session, gets the user's openid
/// and session_key, and keeps the key server-side. Here a login just mints a random key per user; a second login
/// replaces the first key, exactly the way a later wx.login makes an earlier session_key stale.
/// </summary>
public sealed class SessionStore
{
    private readonly ConcurrentDictionary<string, string> _keysByUser = new();
    private readonly ConcurrentDictionary<string, string> _usersByToken = new();

    public (string Token, string SessionKey) Login(string user)
    {
        var sessionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _keysByUser[user] = sessionKey;
        _usersByToken[token] = user;
        return (token, sessionKey);
    }

    /// <summary>The user's current session_key: the latest login's, whichever token asks.</summary>
    public string? SessionKeyFor(string token)
        => _usersByToken.TryGetValue(token, out var user) && _keysByUser.TryGetValue(user, out var key) ? key : null;
}
