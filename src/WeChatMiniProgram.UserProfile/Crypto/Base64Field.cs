using System.Buffers;
using System.Runtime.CompilerServices;

namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>
/// Decodes the base64 fields of open data (session_key, iv, encryptedData) into caller-provided spans.
/// </summary>
// Its stack buffers (up to 1 KB of ASCII per field) are written in full before they are read: zeroing it first on every call was pure cost.
[SkipLocalsInit]
internal static class Base64Field
{
    private const int StackLimit = 256;

    /// <summary>Gets an upper bound of the decoded length of <paramref name="base64"/>.</summary>
    public static int MaxDecodedLength(string base64) => (base64.Length / 4 * 3) + 3;

    /// <summary>
    /// Decodes standard-alphabet base64 into <paramref name="destination"/>. A ' ' is read as '+', because
    /// form encoding turns an unescaped '+' into a space in transit. Other invalid input returns <see langword="false"/>.
    /// </summary>
    public static bool TryDecode(string base64, Span<byte> destination, out int bytesWritten)
    {
        if (base64.IndexOf(' ') < 0)
        {
#if NET8_0_OR_GREATER
            // The vectorised decoder first; anything it does not take as it is (white space, invalid input) goes to
            // Convert, which decides exactly as before.
            if (TryDecodeVectorized(base64, destination, out bytesWritten))
            {
                return true;
            }
#endif
            return Convert.TryFromBase64String(base64, destination, out bytesWritten);
        }

        char[]? rented = null;
        var restored = base64.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(base64.Length));
        try
        {
            restored = restored[..base64.Length];
            for (var i = 0; i < base64.Length; i++)
            {
                restored[i] = base64[i] == ' ' ? '+' : base64[i];
            }
            return Convert.TryFromBase64Chars(restored, destination, out bytesWritten);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// Narrows the characters to ASCII and decodes them with the vectorised <see cref="System.Buffers.Text.Base64"/>
    /// decoder: several times faster than <see cref="Convert.TryFromBase64String"/> on a profile's 512 characters.
    /// </summary>
    private static bool TryDecodeVectorized(string base64, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        byte[]? rented = null;
        var ascii = base64.Length <= 1024 ? stackalloc byte[base64.Length] : (rented = ArrayPool<byte>.Shared.Rent(base64.Length)).AsSpan(0, base64.Length);
        try
        {
            return System.Text.Ascii.FromUtf16(base64, ascii, out _) == OperationStatus.Done
                && System.Buffers.Text.Base64.DecodeFromUtf8(ascii, destination, out var consumed, out bytesWritten) == OperationStatus.Done
                && consumed == ascii.Length;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
#endif

    /// <summary>
    /// Decodes a session_key. The one rule for both halves of the SDK: a session key is the canonical base64 of 16 bytes,
    /// exactly as code2Session returns it (24 characters ending in "==", no spaces, no stray bits). Anything else is
    /// rejected, so the key that is signed is always the key that encrypts.
    /// </summary>
    public static bool TryDecodeSessionKey(string? sessionKey, Span<byte> destination16)
    {
        if (sessionKey is null || sessionKey.Length != 24 || !Convert.TryFromBase64String(sessionKey, destination16, out var written) || written != 16)
        {
            return false;
        }

        // Re-encode and compare: Convert accepts non-zero trailing bits and embedded white space, the canonical form does not.
        Span<char> canonical = stackalloc char[24];
        Convert.TryToBase64Chars(destination16, canonical, out _);
        var difference = 0;
        for (var i = 0; i < 24; i++)
        {
            difference |= canonical[i] ^ sessionKey[i];
        }

        if (difference != 0)
        {
            destination16.Clear();
            return false;
        }

        return true;
    }

    /// <summary>Decodes a field that must be exactly 16 bytes (an IV), with the same transport tolerance as encryptedData.</summary>
    public static bool TryDecode16(string? base64, Span<byte> destination16)
    {
        // 16 bytes are 24 base64 characters; anything far longer cannot be a key and is not decoded.
        if (base64 is null || base64.Length is 0 or > 64)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[48];
        if (!TryDecode(base64, buffer, out var written) || written != 16)
        {
            return false;
        }

        buffer[..16].CopyTo(destination16);
        return true;
    }
}
