using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The bearer tokens of the WeChat session scheme: <c>payload.mac</c>, the payload naming the app, the user and the
/// expiry, the MAC an HMAC-SHA256 under a key derived (HKDF) from the app's AppSecret. Every instance of the backend has
/// the AppSecret, so a token issued by one verifies on all of them with no shared state; a token forged, altered, of
/// another app or expired is refused. Rotating the AppSecret ends every token.
/// </summary>
internal sealed class WeChatSessionTokens(UserProfileServerOptions options, TimeProvider timeProvider)
{
    private const int MaxTokenLength = 512;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("WeChatMiniProgram.UserProfile.AspNetCore session token v1");

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.AppSecret ?? string.Empty), 32, Encoding.ASCII.GetBytes(options.AppId ?? string.Empty), Info);
    private readonly string _appId = options.AppId ?? string.Empty;

    public string Issue(string openId, string? unionId, TimeSpan lifetime)
    {
        var expires = timeProvider.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes($"1|{_appId}|{openId}|{unionId}|{expires.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>Reads which app a token names, to find that app's key; nothing in it is trusted until the MAC verifies.</summary>
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

        var fields = Encoding.UTF8.GetString(payload[..payloadLength]).Split('|');
        if (fields is not ["1", var appId, { Length: > 0 } openId, var unionId, var expiresText]
            || !string.Equals(appId, _appId, StringComparison.Ordinal)
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
        var claims = new List<Claim> { new(WeChatClaimTypes.OpenId, openId), new(WeChatClaimTypes.AppId, appId), new(ClaimTypes.NameIdentifier, openId) };
        if (unionId.Length > 0)
        {
            claims.Add(new Claim(WeChatClaimTypes.UnionId, unionId));
        }

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
