#if !NET9_0_OR_GREATER
using System.Security.Cryptography;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The span-based crypto members the library calls: <c>SetKey</c> (.NET 9) before .NET 9, and one-shot CBC, span
/// hashing and <c>RandomNumberGenerator.Fill</c> (.NET Core 2.1–6) on netstandard2.0's array API:
/// CreateDecryptor/CreateEncryptor with TransformFinalBlock, and IncrementalHash over arrays. Every temporary array
/// that held a key or plaintext is cleared before it is dropped.
/// </summary>
internal static class CryptoPolyfills
{
    extension(SymmetricAlgorithm algorithm)
    {
        public void SetKey(ReadOnlySpan<byte> key)
        {
            var copy = key.ToArray();
            algorithm.Key = copy;
            CryptographicOperations.ZeroMemory(copy);
        }
#if NETSTANDARD2_0

        public int DecryptCbc(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> iv, Span<byte> destination, PaddingMode paddingMode)
            => Cbc(algorithm, encrypt: false, ciphertext, iv, destination, paddingMode);

        public int EncryptCbc(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> iv, Span<byte> destination, PaddingMode paddingMode)
            => Cbc(algorithm, encrypt: true, plaintext, iv, destination, paddingMode);
#endif
    }
#if NETSTANDARD2_0

    extension(IncrementalHash hash)
    {
        public void AppendData(ReadOnlySpan<byte> data)
        {
            var copy = data.ToArray();
            hash.AppendData(copy);
            CryptographicOperations.ZeroMemory(copy);
        }

        public int GetHashAndReset(Span<byte> destination) => CopyOut(hash.GetHashAndReset(), destination);
    }

    extension(RandomNumberGenerator)
    {
        public static void Fill(Span<byte> data)
        {
            var bytes = new byte[data.Length];
            using (var generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(bytes);
            }

            bytes.CopyTo(data);
        }
    }

    /// <summary>One CBC pass through a fresh transform; the input is copied first, so it may overlap the destination.</summary>
    private static int Cbc(SymmetricAlgorithm algorithm, bool encrypt, ReadOnlySpan<byte> input, ReadOnlySpan<byte> iv, Span<byte> destination, PaddingMode paddingMode)
    {
        algorithm.Mode = CipherMode.CBC;
        algorithm.Padding = paddingMode;
        var key = algorithm.Key;
        var data = input.ToArray();
        try
        {
            using var transform = encrypt ? algorithm.CreateEncryptor(key, iv.ToArray()) : algorithm.CreateDecryptor(key, iv.ToArray());
            return CopyOut(transform.TransformFinalBlock(data, 0, data.Length), destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(data);
        }
    }

    private static int CopyOut(byte[] result, Span<byte> destination)
    {
        result.CopyTo(destination);
        CryptographicOperations.ZeroMemory(result);
        return result.Length;
    }
#endif
}
#endif
