using System.Security.Cryptography;

namespace UserProfile.Crypto;

/// <summary>Encrypts the profile plaintext as WeChat does: AES-128-CBC with PKCS#7 padding under the session key.</summary>
internal static class ProfileEncryptor
{
    public const int BlockSize = 16;

    // One Aes per thread, re-keyed per call: cheaper than creating one per call, and never shared between threads.
    [ThreadStatic]
    private static Aes? t_aes;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/> and returns the ciphertext length.</summary>
    public static int Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, Span<byte> destination)
    {
        var aes = t_aes ??= Aes.Create();
        aes.SetKey(key16);
        return aes.EncryptCbc(plaintext, iv16, destination, PaddingMode.PKCS7);
    }

    /// <summary>The ciphertext length of a plaintext of <paramref name="plaintextLength"/> bytes: the next whole block.</summary>
    public static int CiphertextLength(int plaintextLength) => (plaintextLength / BlockSize + 1) * BlockSize;
}
