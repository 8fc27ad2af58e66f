namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Hears what the server half does that an operator wants in a log: busy retries, access-token fetches and why, tokens
/// WeChat rejected, truth checks with WeChat, and keys replaced by a later login. The core has no logging dependency;
/// WeChatMiniProgram.UserProfile.AspNetCore passes one that writes each to <c>ILogger</c>. Derive from it to send them
/// elsewhere; every method does nothing by default.
/// </summary>
/// <remarks>No argument is ever a secret: AppIds, API names, errcodes and reasons only, never a key, token or openid.</remarks>
public abstract class WeChatServerObserver
{
    /// <summary>WeChat answered -1 (busy), and the call is retried after <paramref name="delay"/>.</summary>
    /// <param name="api">The API, such as <c>code2Session</c>.</param>
    /// <param name="appId">The app.</param>
    /// <param name="attempt">The retry's number, from 1.</param>
    /// <param name="delay">The wait before it.</param>
    public virtual void BusyRetry(string api, string appId, int attempt, TimeSpan delay)
    {
    }

    /// <summary>An access token is fetched from WeChat.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="reason">Why: <c>first use</c>, <c>expiring</c>, <c>rejected</c> (normal mode after a 40001 or 42001), <c>forced</c>.</param>
    public virtual void AccessTokenFetched(string appId, string reason)
    {
    }

    /// <summary>WeChat rejected the access token (40001 or 42001).</summary>
    /// <param name="appId">The app.</param>
    /// <param name="errCode">WeChat's errcode.</param>
    public virtual void AccessTokenRejected(string appId, int errCode)
    {
    }

    /// <summary>WeChat was asked (checkSessionKey) whether a stored key is the user's current one.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="current"><see langword="true"/> or <see langword="false"/> as WeChat said, <see langword="null"/> when it could not answer.</param>
    /// <param name="promoted"><see langword="true"/> when the key became the current one in the store.</param>
    public virtual void TruthChecked(string appId, bool? current, bool promoted)
    {
    }

    /// <summary>Data was refused because a later login replaced its key.</summary>
    /// <param name="appId">The app.</param>
    public virtual void SessionKeyReplaced(string appId)
    {
    }

    /// <summary>The observer that does nothing.</summary>
    internal static WeChatServerObserver None { get; } = new Silent();

    private sealed class Silent : WeChatServerObserver;
}
