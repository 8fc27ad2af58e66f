namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>
/// Picks the primitives once per process: OpenSSL 3's EVP API called directly on Linux where libcrypto.so.3 loads and
/// fetches AES-128-CBC and SHA-1, else System.Security.Cryptography. Setting the AppContext switch
/// <c>WeChatMiniProgram.UserProfile.Crypto.DisableOpenSslFastPath</c> (runtimeconfig, or <c>AppContext.SetSwitch</c> before the first
/// call) keeps System.Security.Cryptography everywhere.
/// </summary>
internal static class CryptoPrimitives
{
    /// <summary>The AppContext switch that turns the OpenSSL fast path off.</summary>
    public const string DisableOpenSslSwitch = "WeChatMiniProgram.UserProfile.Crypto.DisableOpenSslFastPath";

    private static ICryptoPrimitives? s_active;

    /// <summary>Gets or sets the primitives every call uses. Set only by tests and benchmarks that compare the two.</summary>
    public static ICryptoPrimitives Active
    {
        get => s_active ?? Interlocked.CompareExchange(ref s_active, Select(), null) ?? s_active!;
        set => s_active = value;
    }

    /// <summary>The choice for this process: the fast path unless it is switched off or unavailable.</summary>
    public static ICryptoPrimitives Select()
        => AppContext.TryGetSwitch(DisableOpenSslSwitch, out var disabled) && disabled
            ? ManagedCryptoPrimitives.Instance
            : OpenSslOrNull() ?? ManagedCryptoPrimitives.Instance;

    /// <summary>
    /// The contract of <see cref="ICryptoPrimitives.DecryptCbcNoPadding"/>, checked the same way by both implementations
    /// before any work: a 16-byte key and IV and a positive whole number of 16-byte blocks.
    /// </summary>
    /// <exception cref="ArgumentException">A length is wrong.</exception>
    public static void RequireKeyIvAndBlocks(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, int dataLength)
    {
        if (key16.Length != 16 || iv16.Length != 16 || dataLength <= 0 || dataLength % 16 != 0)
        {
            throw new ArgumentException("AES-128-CBC needs a 16-byte key and IV and a positive whole number of 16-byte blocks.");
        }
    }

    /// <summary>The contract of <see cref="ICryptoPrimitives.EncryptCbcPkcs7"/>: a 16-byte key and IV and room for the padded ciphertext.</summary>
    /// <exception cref="ArgumentException">A length is wrong.</exception>
    public static int RequireKeyIvAndRoom(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, int plaintextLength, int destinationLength)
    {
        var cipherLength = (plaintextLength / 16 + 1) * 16;
        if (key16.Length != 16 || iv16.Length != 16 || destinationLength < cipherLength)
        {
            throw new ArgumentException("AES-128-CBC needs a 16-byte key and IV and room for the padded ciphertext.");
        }

        return cipherLength;
    }

    /// <summary>The OpenSSL 3 primitives, or <see langword="null"/> where they are unavailable (not Linux, no libcrypto.so.3, netstandard2.0).</summary>
    public static ICryptoPrimitives? OpenSslOrNull()
    {
#if NET8_0_OR_GREATER
        return OpenSslCryptoPrimitives.TryCreate();
#else
        return null;
#endif
    }
}
