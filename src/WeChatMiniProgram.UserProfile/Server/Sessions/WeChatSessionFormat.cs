using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The one stored form of a <see cref="WeChatSession"/>, for stores shared by several instances (Redis, PostgreSQL, any
/// <c>IDistributedCache</c>): compact UTF-8 JSON, versioned, with issue times in Unix milliseconds.
/// </summary>
/// <remarks>
/// The entry holds session keys: keep it where only the backend reads it, or encrypt it at rest. A store merges logins
/// at the stored precision (<see cref="AtStoredPrecision"/>), so what it writes is exactly what it reads back.
/// </remarks>
public static class WeChatSessionFormat
{
    /// <summary>Writes <paramref name="session"/> in the stored form.</summary>
    /// <param name="session">The session.</param>
    /// <returns>UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static byte[] Serialize(WeChatSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var entry = new StoredSession
        {
            Version = 1,
            AppId = session.AppId,
            OpenId = session.OpenId,
            UnionId = session.UnionId,
            SessionKey = session.SessionKey,
            IssuedAt = session.IssuedAt.ToUnixTimeMilliseconds(),
            PreviousSessionKey = session.PreviousSessionKey,
            PreviousIssuedAt = session.PreviousIssuedAt?.ToUnixTimeMilliseconds(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(entry, SessionStoreJsonContext.Default.StoredSession);
    }

    /// <summary>
    /// Reads a stored session of <paramref name="appId"/>'s user <paramref name="openId"/>. Anything else (another app's
    /// entry under the same key, a damaged or foreign value) is refused, never half-read.
    /// </summary>
    /// <param name="utf8Json">The stored bytes.</param>
    /// <param name="appId">The AppId the entry must belong to.</param>
    /// <param name="openId">The openid the entry must belong to.</param>
    /// <param name="session">The session, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the bytes are this user's session entry.</returns>
    public static bool TryDeserialize(ReadOnlySpan<byte> utf8Json, string appId, string openId, [NotNullWhen(true)] out WeChatSession? session)
    {
        session = null;
        StoredSession? entry;
        try
        {
            entry = JsonSerializer.Deserialize(utf8Json, SessionStoreJsonContext.Default.StoredSession);
        }
        catch (JsonException)
        {
            return false;
        }

        if (entry is not { Version: 1, SessionKey: { Length: > 0 } } || !string.Equals(entry.AppId, appId, StringComparison.Ordinal)
            || !string.Equals(entry.OpenId, openId, StringComparison.Ordinal) || (entry.PreviousSessionKey is null) != (entry.PreviousIssuedAt is null)
            || entry.PreviousSessionKey is "" || string.IsNullOrEmpty(appId) || string.IsNullOrEmpty(openId))
        {
            return false;
        }

        session = new WeChatSession(
            appId,
            openId,
            entry.UnionId,
            entry.SessionKey,
            DateTimeOffset.FromUnixTimeMilliseconds(entry.IssuedAt),
            entry.PreviousSessionKey,
            entry.PreviousIssuedAt is { } previous ? DateTimeOffset.FromUnixTimeMilliseconds(previous) : null);
        return true;
    }

    /// <summary>Returns <paramref name="session"/> with its issue times at the stored precision (whole milliseconds).</summary>
    /// <param name="session">The session.</param>
    /// <returns>The same session, as it reads back from a store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public static WeChatSession AtStoredPrecision(WeChatSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(
            session.AppId,
            session.OpenId,
            session.UnionId,
            session.SessionKey,
            DateTimeOffset.FromUnixTimeMilliseconds(session.IssuedAt.ToUnixTimeMilliseconds()),
            session.PreviousSessionKey,
            session.PreviousIssuedAt is { } previous ? DateTimeOffset.FromUnixTimeMilliseconds(previous.ToUnixTimeMilliseconds()) : null);
    }
}
