using System.Buffers;
using System.Security.Cryptography;
using WeChatMiniProgram.UserProfile.Crypto;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// One decryption of open data and everything it owns: the pooled buffer (cleared and returned by
/// <see cref="Dispose"/>), the bytes to parse and the padding verdict. Base64 goes straight into the buffer, AES-128-CBC
/// runs in place (<see cref="CryptoPrimitives"/>), then a constant-time PKCS#7 check whose verdict is kept, not acted on.
/// </summary>
/// <remarks>
/// No padding oracle: a decryption never returns early on bad padding. <see cref="Bytes"/> is as long as the last byte
/// claims (clamped to 1..16, the same whether the padding is valid or not); callers run every check over those bytes
/// with the non-throwing <see cref="StrictJson"/> either way and hand the outcome to <see cref="Conclude"/>, the one
/// place the padding verdict is applied, last.
/// </remarks>
internal ref struct OpenDataPlaintext
{
    private byte[]? _buffer;
    private int _length;
    private bool _paddingValid;

    /// <summary>Gets the bytes to parse: the plaintext without what the last byte claims is padding.</summary>
    public readonly ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

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

    /// <summary>Decodes the key and IV, then decrypts; the decoded key is cleared before this returns.</summary>
    public static OpenDataError Decrypt(string? encryptedData, string? iv, string? sessionKey, out OpenDataPlaintext plaintext)
    {
        plaintext = default;
        Span<byte> key = stackalloc byte[16];
        Span<byte> ivBytes = stackalloc byte[16];
        var error = DecodeKeyAndIv(encryptedData, iv, sessionKey, key, ivBytes);
        if (error == OpenDataError.None)
        {
            error = Decrypt(encryptedData, key, ivBytes, out plaintext);
        }

        CryptographicOperations.ZeroMemory(key);
        return error;
    }

    /// <summary>
    /// Decrypts <paramref name="encryptedData"/>. The errors returned here (missing, base64, block length) are about the
    /// ciphertext's shape, never about the key; on <see cref="OpenDataError.None"/> the caller owns
    /// <paramref name="plaintext"/> and disposes it.
    /// </summary>
    public static OpenDataError Decrypt(string? encryptedData, scoped ReadOnlySpan<byte> key16, scoped ReadOnlySpan<byte> iv16, out OpenDataPlaintext plaintext)
    {
        plaintext = default;
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
        plaintext._buffer = buffer;
        plaintext._length = cipherLength - PaddingLength(data, out plaintext._paddingValid);
        return OpenDataError.None;
    }

    /// <summary>
    /// Applies the padding verdict to <paramref name="checks"/>, the outcome of everything that ran over
    /// <see cref="Bytes"/>: invalid padding fails as <see cref="OpenDataError.DecryptionFailed"/> whatever the checks found.
    /// </summary>
    public readonly OpenDataError Conclude(OpenDataError checks) => _paddingValid ? checks : OpenDataError.DecryptionFailed;

    /// <summary>Reads the watermark of any open data (strict JSON with a well-formed watermark), then concludes.</summary>
    public readonly OpenDataError ReadWatermark(out Watermark? watermark)
    {
        var parsed = ProfileJsonReader.TryReadWatermark(Bytes, out watermark);
        var error = Conclude(parsed ? OpenDataError.None : OpenDataError.DecryptionFailed);
        if (error != OpenDataError.None)
        {
            watermark = null;
        }

        return error;
    }

    /// <summary>Clears the plaintext and its padding and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, Math.Min(buffer.Length, _length + ProfileEncryptor.BlockSize)));
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = null;
            _length = 0;
        }
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
