using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Secure mode's cipher: AES-256-CBC under base64(EncodingAESKey + "="), the IV the key's first 16 bytes, PKCS#7 padding
/// to 32-byte blocks, over 16 random bytes + the message's length (4 bytes, big-endian) + the message + the AppId.
/// Decryption checks the padding, the length and the AppId without an early exit and gives one verdict for all three,
/// so a caller learns nothing about which failed (no padding oracle).
/// </summary>
internal sealed class PushCipher
{
    private const int BlockSize = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _key;
    private readonly byte[] _appId;

    public PushCipher(string encodingAesKey, string appId)
    {
        _key = Convert.FromBase64String(encodingAesKey + "=");
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    public string Encrypt(string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var length = 20 + body.Length + _appId.Length;
        var padded = (length / BlockSize + 1) * BlockSize;
        var plain = new byte[padded];
        try
        {
            RandomNumberGenerator.Fill(plain.AsSpan(0, 16));
            BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), body.Length);
            body.CopyTo(plain, 20);
            _appId.CopyTo(plain, 20 + body.Length);
            plain.AsSpan(length).Fill((byte)(padded - length));
            using var aes = Aes.Create();
            aes.SetKey(_key);
            var cipher = new byte[padded];
            aes.EncryptCbc(plain, _key.AsSpan(0, 16), cipher, PaddingMode.None);
            return Convert.ToBase64String(cipher);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <summary>The message, or <see langword="null"/> when the ciphertext is not a message of this app under this key.</summary>
    public string? Decrypt(string encrypted)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            return null;
        }

        if (cipher.Length < BlockSize || cipher.Length % BlockSize != 0)
        {
            return null;
        }

        var plain = new byte[cipher.Length];
        try
        {
            using (var aes = Aes.Create())
            {
                aes.SetKey(_key);
                aes.DecryptCbc(cipher, _key.AsSpan(0, 16), plain, PaddingMode.None);
            }

            var n = plain.Length;
            int pad = plain[n - 1];
            var bad = ((pad - 1) >> 31) | ((BlockSize - pad) >> 31); // pad outside 1..32
            for (var i = 0; i < BlockSize; i++)
            {
                var inPad = (i - pad) >> 31; // all ones while i < pad
                bad |= inPad & (plain[n - 1 - i] ^ pad);
            }

            var invalid = (bad | -bad) >> 31; // all ones when any check failed
            var end = n - (pad & ~invalid);
            var messageLength = BinaryPrimitives.ReadInt32BigEndian(plain.AsSpan(16, 4));
            var appIdStart = end - _appId.Length;
            var lengthOk = messageLength >= 0 && messageLength <= n && 20 + messageLength == appIdStart;
            var compareAt = Math.Min(Math.Max(appIdStart, 0), n - _appId.Length);
            var appIdOk = compareAt >= 0 && CryptographicOperations.FixedTimeEquals(plain.AsSpan(compareAt, _appId.Length), _appId);
            if ((invalid != 0) | !lengthOk | !appIdOk)
            {
                return null;
            }

            try
            {
                return StrictUtf8.GetString(plain, 20, messageLength);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
