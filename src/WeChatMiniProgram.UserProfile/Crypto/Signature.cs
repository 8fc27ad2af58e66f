using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>The rawData signature: sha1(UTF-8(rawData + session_key)).</summary>
// Its 1 KB stack buffer is written before it is read, and only the written part is hashed: zeroing it first on every call was pure cost.
[SkipLocalsInit]
internal static class Signature
{
    public const int DigestSize = 20;

    private const int StackLimit = 1024;

    /// <summary>Computes the SHA-1 digest of UTF-8 bytes already laid out as rawData followed by the session key.</summary>
    public static void Compute(ReadOnlySpan<byte> utf8RawDataAndKey, Span<byte> digest20)
        => CryptoPrimitives.Active.Sha1(utf8RawDataAndKey, digest20);

    /// <summary>Computes the 20-byte SHA-1 digest of UTF-8(rawData + sessionKey) without building the concatenation.</summary>
    public static void Compute(string rawData, string sessionKey, Span<byte> digest20)
    {
        var length = Encoding.UTF8.GetMaxByteCount(rawData.Length + sessionKey.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            // rawData and a valid key are each well-formed UTF-16, so encoding them apart equals encoding the concatenation.
            var written = Encoding.UTF8.GetBytes(rawData, buffer);
            written += Encoding.UTF8.GetBytes(sessionKey, buffer[written..]);
            Compute(buffer[..written], digest20);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Computes the signature as WeChat sends it: 40 lowercase hex characters.</summary>
    public static string ComputeHex(string rawData, string sessionKey)
    {
        Span<byte> digest = stackalloc byte[DigestSize];
        Compute(rawData, sessionKey, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>
    /// Checks <paramref name="signature"/> (hex, either case) against the digest in constant time:
    /// the comparison reads every byte whatever the first mismatch.
    /// </summary>
    public static bool Verify(string rawData, string signature, string sessionKey)
    {
        Span<byte> expected = stackalloc byte[DigestSize];
        if (!TryDecodeHex(signature, expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[DigestSize];
        Compute(rawData, sessionKey, actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Checks <paramref name="signature"/> against UTF-8 bytes laid out as rawData followed by the session key.</summary>
    public static bool Verify(ReadOnlySpan<byte> utf8RawDataAndKey, string signature)
    {
        Span<byte> expected = stackalloc byte[DigestSize];
        if (!TryDecodeHex(signature, expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[DigestSize];
        Compute(utf8RawDataAndKey, actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static bool TryDecodeHex(string signature, Span<byte> digest20)
        => signature.Length == DigestSize * 2
            && Convert.FromHexString(signature, digest20, out _, out var written) == OperationStatus.Done
            && written == DigestSize;
}
