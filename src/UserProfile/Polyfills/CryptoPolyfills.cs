#if !NET9_0_OR_GREATER
using System.Security.Cryptography;

namespace UserProfile;

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
        {
            algorithm.Mode = CipherMode.CBC;
            algorithm.Padding = paddingMode;
            var key = algorithm.Key;
            var input = ciphertext.ToArray();
            try
            {
                using var decryptor = algorithm.CreateDecryptor(key, iv.ToArray());
                return CopyOut(decryptor.TransformFinalBlock(input, 0, input.Length), destination);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        public int EncryptCbc(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> iv, Span<byte> destination, PaddingMode paddingMode)
        {
            algorithm.Mode = CipherMode.CBC;
            algorithm.Padding = paddingMode;
            var key = algorithm.Key;
            var input = plaintext.ToArray();
            try
            {
                using var encryptor = algorithm.CreateEncryptor(key, iv.ToArray());
                return CopyOut(encryptor.TransformFinalBlock(input, 0, input.Length), destination);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
                CryptographicOperations.ZeroMemory(input);
            }
        }
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

    private static int CopyOut(byte[] result, Span<byte> destination)
    {
        result.CopyTo(destination);
        CryptographicOperations.ZeroMemory(result);
        return result.Length;
    }
#endif
}
#endif
