using System.Collections.Concurrent;
using System.Security.Cryptography;
using UserProfile.Server;

namespace AspNetCoreBackend;

/// <summary>
/// The app's own sessions, in memory: a token per login, and per openid the session_key of the user's latest
/// code2Session ("latest login wins": a later wx.login makes the earlier key stale, as on WeChat). The session key
/// never leaves the server. One instance only; a backend on several instances keeps this in a shared store.
/// </summary>
public sealed class AppSessions
{
    private readonly ConcurrentDictionary<string, string> _openIdByToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _sessionKeyByOpenId = new(StringComparer.Ordinal);

    /// <summary>Stores a code2Session result and returns a new token for the app's client.</summary>
    public string Create(Code2SessionResult session)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _sessionKeyByOpenId[session.OpenId] = session.SessionKey;
        _openIdByToken[token] = session.OpenId;
        return token;
    }

    /// <summary>The token's user and that user's current session key, or <see langword="null"/> for an unknown token.</summary>
    public (string OpenId, string SessionKey)? Find(string token)
        => _openIdByToken.TryGetValue(token, out var openId) && _sessionKeyByOpenId.TryGetValue(openId, out var key) ? (openId, key) : null;
}
