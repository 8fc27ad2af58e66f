namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>Encrypts the profile plaintext as WeChat does: AES-128-CBC with PKCS#7 padding under the session key.</summary>
internal static class ProfileEncryptor
{
    public const int BlockSize = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/> and returns the ciphertext length.</summary>
    public static int Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, Span<byte> destination)
        => CryptoPrimitives.Active.EncryptCbcPkcs7(key16, iv16, plaintext, destination);

    /// <summary>The ciphertext length of a plaintext of <paramref name="plaintextLength"/> bytes: the next whole block.</summary>
    public static int CiphertextLength(int plaintextLength) => (plaintextLength / BlockSize + 1) * BlockSize;
}
