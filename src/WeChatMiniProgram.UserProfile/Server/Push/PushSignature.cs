using System.Security.Cryptography;
using System.Text;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>WeChat's push signatures: SHA-1 of the parts sorted (字典序, ordinal) and joined, as lowercase hex; compared in constant time.</summary>
internal static class PushSignature
{
    public static string Compute(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        Span<byte> digest = stackalloc byte[20];
        Crypto.CryptoPrimitives.Active.Sha1(Encoding.UTF8.GetBytes(string.Concat(sorted)), digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Whether <paramref name="given"/> is the signature of <paramref name="parts"/>, compared without an early exit.</summary>
    public static bool Matches(string? given, params string[] parts)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(parts));
        var actual = Encoding.ASCII.GetBytes((given ?? string.Empty).ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
