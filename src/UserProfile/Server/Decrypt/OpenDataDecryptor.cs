using System.Buffers;
using System.Security.Cryptography;
using UserProfile.Crypto;

namespace UserProfile.Server;

/// <summary>
/// Decrypts open data: base64 straight into a pooled buffer, AES-128-CBC in place with a per-thread <see cref="Aes"/>,
/// then a strict, constant-time PKCS#7 check. No streams, no intermediate copies.
/// </summary>
internal static class OpenDataDecryptor
{
    [ThreadStatic]
    private static Aes? t_aes;

    /// <summary>
    /// Decrypts <paramref name="encryptedData"/>. On <see cref="OpenDataError.None"/>, <paramref name="plaintext"/> is a
    /// pooled buffer whose first <paramref name="length"/> bytes are the plaintext; give it back with <see cref="Release"/>.
    /// </summary>
    public static OpenDataError TryDecrypt(string? encryptedData, string? iv, string? sessionKey, out byte[]? plaintext, out int length)
    {
        plaintext = null;
        length = 0;
        Span<byte> key = stackalloc byte[16];
        if (!Base64Field.TryDecode16(sessionKey, key))
        {
            return OpenDataError.InvalidSessionKey;
        }

        Span<byte> ivBytes = stackalloc byte[16];
        if (!Base64Field.TryDecode16(iv, ivBytes))
        {
            return OpenDataError.InvalidIv;
        }

        var error = TryDecrypt(encryptedData, key, ivBytes, out plaintext, out length);
        CryptographicOperations.ZeroMemory(key);
        return error;
    }

    /// <summary>Decrypts with a key and IV already decoded and checked to be 16 bytes each.</summary>
    public static OpenDataError TryDecrypt(string? encryptedData, ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, out byte[]? plaintext, out int length)
    {
        plaintext = null;
        length = 0;
        if (string.IsNullOrEmpty(encryptedData))
        {
            return OpenDataError.MalformedCiphertext;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Base64Field.MaxDecodedLength(encryptedData));
        if (!Base64Field.TryDecode(encryptedData, buffer, out var cipherLength))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return OpenDataError.InvalidBase64;
        }

        if (cipherLength == 0 || cipherLength % ProfileEncryptor.BlockSize != 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return OpenDataError.MalformedCiphertext;
        }

        var aes = t_aes ??= Aes.Create();
        aes.SetKey(key16);
        var data = buffer.AsSpan(0, cipherLength);
        aes.DecryptCbc(data, iv16, data, PaddingMode.None);

        var padding = PaddingLength(data);
        if (padding == 0)
        {
            Release(buffer, cipherLength);
            return OpenDataError.DecryptionFailed;
        }

        plaintext = buffer;
        length = cipherLength - padding;
        return OpenDataError.None;
    }

    /// <summary>Clears the plaintext and returns the buffer to the pool.</summary>
    public static void Release(byte[]? buffer, int length)
    {
        if (buffer is null)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, Math.Min(buffer.Length, length + ProfileEncryptor.BlockSize)));
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>
    /// Returns the PKCS#7 padding length (1 to 16) of a decrypted buffer, or 0 when the padding is invalid.
    /// Every one of the last 16 bytes is read whatever the padding, so the time taken does not depend on it.
    /// </summary>
    internal static int PaddingLength(ReadOnlySpan<byte> data)
    {
        var pad = (int)data[^1];
        // Negative (all ones) when pad is 0 or above 16.
        var invalid = ((pad - 1) >> 31) | ((ProfileEncryptor.BlockSize - pad) >> 31);
        for (var i = 1; i <= ProfileEncryptor.BlockSize; i++)
        {
            var inPadding = (i - pad - 1) >> 31; // all ones when i <= pad
            invalid |= inPadding & (data[^i] ^ pad);
        }

        return invalid == 0 ? pad : 0;
    }
}
