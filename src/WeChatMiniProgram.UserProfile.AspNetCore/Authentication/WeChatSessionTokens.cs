using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The bearer tokens of the WeChat session scheme: a payload naming the app, the user and the expiry, sealed (encrypted
/// and authenticated) by the app's Data Protection key ring, which every instance shares (the Redis and PostgreSQL
/// packages keep it in the engine). A token issued by one instance verifies on all of them; one forged, altered, of an
/// app this backend does not serve, or expired is refused. Keys rotate with the ring, and rotating the AppSecret signs
/// no one out.
/// </summary>
/// <remarks>
/// Tokens of earlier versions, <c>payload.mac</c> with an HMAC-SHA256 under a key derived (HKDF) from the AppSecret,
/// are still taken until they expire; none is issued any more.
/// </remarks>
internal sealed class WeChatSessionTokens(UserProfileServerOptions options, SessionTokenProtector protector, TimeProvider timeProvider)
{
    private const int MaxTokenLength = 512;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("WeChatMiniProgram.UserProfile.AspNetCore session token v1");

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.AppSecret ?? string.Empty), 32, Encoding.ASCII.GetBytes(options.AppId ?? string.Empty), Info);
    private readonly string _appId = options.AppId ?? string.Empty;

    public string Issue(string openId, string? unionId, TimeSpan lifetime)
    {
        var expires = timeProvider.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return protector.Seal($"2|{_appId}|{openId}|{unionId}|{expires.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// Reads which app a token of an earlier version names, to find that app's key; nothing in it is trusted until the
    /// MAC verifies. A sealed token names none here: any app's instance opens it.
    /// </summary>
    public static string? AppIdOf(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        Span<byte> payload = stackalloc byte[MaxTokenLength];
        return token.Length <= MaxTokenLength && dot > 0 && TryDecode(token.AsSpan(0, dot), payload, out var length)
            && Encoding.UTF8.GetString(payload[..length]).Split('|') is ["1", var appId, ..] ? appId : null;
    }

    /// <summary>Returns the principal of a valid token; <see langword="null"/> with a reason for any other.</summary>
    public ClaimsPrincipal? Validate(string token, string scheme, out string? failure)
    {
        failure = "The token is malformed.";
        if (!token.Contains('.', StringComparison.Ordinal))
        {
            if (token.Length > MaxTokenLength || protector.Open(token) is not { } sealedFields)
            {
                failure = "The token was not issued by this backend, or was altered.";
                return null;
            }

            return Principal(sealedFields, "2", scheme, ref failure);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (token.Length > MaxTokenLength || dot <= 0 || dot == token.Length - 1)
        {
            return null;
        }

        Span<byte> payload = stackalloc byte[MaxTokenLength];
        Span<byte> mac = stackalloc byte[64];
        if (!TryDecode(token.AsSpan(0, dot), payload, out var payloadLength)
            || !TryDecode(token.AsSpan(dot + 1), mac, out var macLength) || macLength != 32)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload[..payloadLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac[..macLength]))
        {
            failure = "The token was not issued by this app, or was altered.";
            return null;
        }

        return string.Equals(AppIdOf(token), _appId, StringComparison.Ordinal)
            ? Principal(Encoding.UTF8.GetString(payload[..payloadLength]).Split('|'), "1", scheme, ref failure)
            : null;
    }

    private ClaimsPrincipal? Principal(string[] fields, string version, string scheme, ref string? failure)
    {
        if (fields is not [var given, var appId, { Length: > 0 } openId, var unionId, var expiresText]
            || !string.Equals(given, version, StringComparison.Ordinal)
            || !protector.Serves(appId)
            || !long.TryParse(expiresText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        if (timeProvider.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            failure = "The token expired: log in again (wx.login, then the login endpoint).";
            return null;
        }

        failure = null;
        Claim[] claims = unionId.Length > 0
            ? [new(WeChatClaimTypes.OpenId, openId), new(WeChatClaimTypes.AppId, appId), new(ClaimTypes.NameIdentifier, openId), new(WeChatClaimTypes.UnionId, unionId)]
            : [new(WeChatClaimTypes.OpenId, openId), new(WeChatClaimTypes.AppId, appId), new(ClaimTypes.NameIdentifier, openId)];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, WeChatClaimTypes.OpenId, null));
    }

    // Base64Url.TryDecodeFromChars throws on characters outside the alphabet; a token from the wire is checked first.
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int length)
    {
        length = 0;
        return Base64Url.IsValid(text, out var decoded) && decoded <= destination.Length && Base64Url.TryDecodeFromChars(text, destination, out length);
    }

    public override string ToString() => $"WeChatSessionTokens {{ AppId = {_appId}, key redacted }}";
}

/// <summary>
/// Seals and opens the session tokens with the app's Data Protection key ring; one for every app the backend serves.
/// A token opened once is remembered with its payload already split into fields, among the last
/// <see cref="MaxRemembered"/>: a signed-in request then costs one lookup, not a decryption (about 18 µs here). The
/// lookup compares tokens in fixed time and hashes them with the runtime's randomized string hash, so its timing tells
/// a guessed token nothing of a real one. Its expiry is still checked on every request.
/// </summary>
internal sealed class SessionTokenProtector(IDataProtectionProvider dataProtection, UserProfileServerApps apps)
{
    public const int MaxRemembered = 10_000;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("WeChatMiniProgram.UserProfile.AspNetCore.SessionToken.v2");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _opened = new(FixedTimeOrdinal.Instance);

    public string Seal(string payload) => Base64Url.EncodeToString(_protector.Protect(Encoding.UTF8.GetBytes(payload)));

    /// <summary>The fields of the token's payload (never changed by the caller), or <see langword="null"/> when it does not open.</summary>
    public string[]? Open(string token)
    {
        if (_opened.TryGetValue(token, out var remembered))
        {
            return remembered;
        }

        string[] fields;
        try
        {
            if (!Base64Url.IsValid(token.AsSpan(), out _))
            {
                return null;
            }

            fields = Encoding.UTF8.GetString(_protector.Unprotect(Base64Url.DecodeFromChars(token))).Split('|');
        }
        catch (CryptographicException)
        {
            return null; // forged, altered, or sealed by another key ring
        }

        if (_opened.Count >= MaxRemembered)
        {
            _opened.Clear();
        }

        _opened[token] = fields;
        return fields;
    }

    public bool Serves(string appId) => apps.Contains(appId);

    /// <summary>
    /// Ordinal equality that reads every character whatever the first difference (tokens of one length compare in the
    /// same time), and the runtime's per-process randomized hash.
    /// </summary>
    private sealed class FixedTimeOrdinal : IEqualityComparer<string>
    {
        public static readonly FixedTimeOrdinal Instance = new();

        public bool Equals(string? x, string? y)
            => x is not null && y is not null && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(x.AsSpan()), MemoryMarshal.AsBytes(y.AsSpan()));

        public int GetHashCode(string obj) => string.GetHashCode(obj.AsSpan());
    }
}
