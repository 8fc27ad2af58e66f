using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace UserProfile.Crypto;

/// <summary>The rawData signature: sha1(UTF-8(rawData + session_key)).</summary>
internal static class Signature
{
    private const int StackLimit = 1024;

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
#pragma warning disable CA5350 // WeChat defines the signature as SHA-1; it is not our choice of algorithm.
            SHA1.HashData(buffer[..written], digest20);
#pragma warning restore CA5350
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
        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
        Compute(rawData, sessionKey, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>
    /// Checks <paramref name="signature"/> (hex, either case) against the digest in constant time:
    /// the comparison reads every byte whatever the first mismatch.
    /// </summary>
    public static bool Verify(string rawData, string signature, string sessionKey)
    {
        Span<byte> expected = stackalloc byte[SHA1.HashSizeInBytes];
        Span<byte> actual = stackalloc byte[SHA1.HashSizeInBytes];
        if (signature.Length != SHA1.HashSizeInBytes * 2
            || Convert.FromHexString(signature, actual, out _, out var written) != OperationStatus.Done
            || written != SHA1.HashSizeInBytes)
        {
            return false;
        }

        Compute(rawData, sessionKey, expected);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
