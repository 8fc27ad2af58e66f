using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace UserProfile.Crypto;

/// <summary>Encrypts the profile plaintext as WeChat does: AES-128-CBC with PKCS#7 padding under the session key.</summary>
internal static class ProfileEncryptor
{
    public const int BlockSize = 16;

    /// <summary>Encrypts UTF-8(<paramref name="plaintext"/>) and returns the base64 ciphertext.</summary>
    public static string Encrypt(string plaintext, ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16)
    {
        var byteCount = Encoding.UTF8.GetByteCount(plaintext);
        var buffer = ArrayPool<byte>.Shared.Rent(byteCount + BlockSize);
        try
        {
            var plain = buffer.AsSpan(0, byteCount);
            Encoding.UTF8.GetBytes(plaintext, plain);
            using var aes = Aes.Create();
            aes.SetKey(key16);
            var cipherLength = aes.GetCiphertextLengthCbc(byteCount, PaddingMode.PKCS7);
            var cipher = cipherLength <= 1024 ? stackalloc byte[cipherLength] : new byte[cipherLength];
            aes.EncryptCbc(plain, iv16, cipher, PaddingMode.PKCS7);
            return Convert.ToBase64String(cipher);
        }
        finally
        {
            // The buffer held the plaintext profile; clear it before it goes back to the pool.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, byteCount));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
