using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace AspNetCoreBackend;

/// <summary>
/// The app's own session tokens, in the same shared <see cref="IDistributedCache"/> as the WeChat sessions: a token per
/// login, mapped to the user's openid, so any instance can resolve a token another instance issued. The session_key
/// never leaves the server, and never reaches this map: it lives in UserProfile's session store.
/// </summary>
public sealed class AppSessions(IDistributedCache cache)
{
    private const string Prefix = "app:token:";

    /// <summary>How long a token lives: as long as the WeChat session behind it, by default.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3);

    /// <summary>Issues a new token for <paramref name="openId"/>.</summary>
    public async Task<string> CreateAsync(string openId, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await cache.SetAsync(Prefix + token, Encoding.UTF8.GetBytes(openId), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime }, cancellationToken);
        return token;
    }

    /// <summary>The token's openid, or <see langword="null"/> for a missing, unknown or expired token.</summary>
    public async Task<string?> FindOpenIdAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is null || token.Length != 48)
        {
            return null;
        }

        var openId = await cache.GetAsync(Prefix + token, cancellationToken);
        return openId is null ? null : Encoding.UTF8.GetString(openId);
    }
}
