namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>
/// The three primitives of WeChat's open data scheme: AES-128-CBC both ways and SHA-1. Two implementations:
/// <see cref="ManagedCryptoPrimitives"/> (System.Security.Cryptography, everywhere) and, on Linux with OpenSSL 3,
/// <c>OpenSslCryptoPrimitives</c> (the same libcrypto .NET calls, without its per-call set-up).
/// <see cref="CryptoPrimitives.Active"/> picks one per process. Callers validate lengths before they call.
/// </summary>
internal interface ICryptoPrimitives
{
    /// <summary>Gets a short name for diagnostics and benchmarks: "OpenSSL 3 EVP" or "System.Security.Cryptography".</summary>
    string Name { get; }

    /// <summary>Decrypts whole blocks in place, with no padding removed: the caller checks PKCS#7 itself, in constant time.</summary>
    /// <param name="key16">The 16-byte key.</param>
    /// <param name="iv16">The 16-byte IV.</param>
    /// <param name="data">Ciphertext, a positive whole number of 16-byte blocks; plaintext afterwards.</param>
    void DecryptCbcNoPadding(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, Span<byte> data);

    /// <summary>Encrypts with PKCS#7 padding and returns the ciphertext length (the next whole block).</summary>
    /// <param name="key16">The 16-byte key.</param>
    /// <param name="iv16">The 16-byte IV.</param>
    /// <param name="plaintext">The plaintext, any length.</param>
    /// <param name="destination">At least the plaintext's length rounded up to the next whole block.</param>
    int EncryptCbcPkcs7(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, ReadOnlySpan<byte> plaintext, Span<byte> destination);

    /// <summary>Computes the SHA-1 digest of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <param name="digest20">Receives the 20-byte digest.</param>
    void Sha1(ReadOnlySpan<byte> data, Span<byte> digest20);
}
