using System.Buffers;
using System.Security.Cryptography;
using WeChatMiniProgram.UserProfile.Crypto;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Decrypts open data: base64 straight into a pooled buffer, AES-128-CBC in place (<see cref="CryptoPrimitives"/>),
/// then a strict, constant-time PKCS#7 check whose verdict is handed back rather than acted on.
/// </summary>
/// <remarks>
/// No padding oracle: a decryption never returns early on bad padding. It reports how many bytes to parse (from the
/// last byte alone, clamped to 1..16, the same whether the padding is valid or not) and the verdict; callers parse
/// those bytes with the non-throwing <see cref="StrictJson"/> either way and apply the verdict last.
/// </remarks>
internal static class OpenDataDecryptor
{
    /// <summary>
    /// Checks the request fields and decodes the session key and IV, in this order of blame: a missing encryptedData or
    /// iv, a session key that is not the canonical base64 of 16 bytes, an iv that is not the base64 of 16 bytes.
    /// </summary>
    public static OpenDataError DecodeKeyAndIv(string? encryptedData, string? iv, string? sessionKey, Span<byte> key16, Span<byte> iv16)
        => (encryptedData is null or "") ? OpenDataError.MissingEncryptedData
            : (iv is null or "") ? OpenDataError.MissingIv
            : !Base64Field.TryDecodeSessionKey(sessionKey, key16) ? OpenDataError.InvalidSessionKey
            : !Base64Field.TryDecode16(iv, iv16) ? OpenDataError.InvalidIv
            : OpenDataError.None;

    /// <summary>
    /// Decrypts <paramref name="encryptedData"/>. On <see cref="OpenDataError.None"/>, <paramref name="plaintext"/> is a
    /// pooled buffer whose first <paramref name="length"/> bytes are to be parsed, and <paramref name="paddingValid"/> is
    /// the padding verdict, to be applied after parsing. Give the buffer back with <see cref="Release"/>.
    /// </summary>
    /// <remarks>The errors returned here (base64, block length) are about the ciphertext's shape, never about the key.</remarks>
    public static OpenDataError TryDecrypt(
        string? encryptedData, ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, out byte[]? plaintext, out int length, out bool paddingValid)
    {
        plaintext = null;
        length = 0;
        paddingValid = false;
        if (encryptedData is null or "")
        {
            return OpenDataError.MissingEncryptedData;
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

        var data = buffer.AsSpan(0, cipherLength);
        CryptoPrimitives.Active.DecryptCbcNoPadding(key16, iv16, data);

        plaintext = buffer;
        length = cipherLength - PaddingLength(data, out paddingValid);
        return OpenDataError.None;
    }

    /// <summary>
    /// Decrypts any open data and reads its watermark: the shared path of <c>Decrypt&lt;T&gt;</c>, the phone number and
    /// the CLI. On <see cref="OpenDataError.None"/> the plaintext is strict JSON with a well-formed watermark.
    /// </summary>
    public static OpenDataError TryDecryptDocument(
        string? encryptedData, string? iv, string? sessionKey, out byte[]? plaintext, out int length, out Watermark? watermark)
    {
        plaintext = null;
        length = 0;
        watermark = null;
        Span<byte> key = stackalloc byte[16];
        Span<byte> ivBytes = stackalloc byte[16];
        var error = DecodeKeyAndIv(encryptedData, iv, sessionKey, key, ivBytes);
        if (error == OpenDataError.None)
        {
            error = TryDecrypt(encryptedData, key, ivBytes, out plaintext, out length, out var paddingValid);
            if (error == OpenDataError.None)
            {
                var parsed = ProfileJsonReader.TryReadWatermark(plaintext.AsSpan(0, length), out watermark);

                // The padding verdict comes last: the parse above ran over the same bytes whatever it was.
                if (!(parsed & paddingValid))
                {
                    Release(plaintext, length);
                    plaintext = null;
                    watermark = null;
                    error = OpenDataError.DecryptionFailed;
                }
            }
        }

        CryptographicOperations.ZeroMemory(key);
        return error;
    }

    /// <summary>Clears the plaintext and its padding and returns the buffer to the pool.</summary>
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
    /// Returns the padding length the last byte claims, clamped to 1..16, and whether the PKCS#7 padding is valid.
    /// Every one of the last 16 bytes is read and no branch depends on them, so neither the time taken nor the length
    /// returned depends on whether the padding is valid.
    /// </summary>
    internal static int PaddingLength(ReadOnlySpan<byte> data, out bool valid)
    {
        var pad = (int)data[^1];
        // All ones when pad is 0 or above 16.
        var outOfRange = ((pad - 1) >> 31) | ((ProfileEncryptor.BlockSize - pad) >> 31);
        var invalid = outOfRange;
        for (var i = 1; i <= ProfileEncryptor.BlockSize; i++)
        {
            var inPadding = (i - pad - 1) >> 31; // all ones when i <= pad
            invalid |= inPadding & (data[^i] ^ pad);
        }

        valid = invalid == 0;
        return (pad & ~outOfRange) | (ProfileEncryptor.BlockSize & outOfRange);
    }
}
