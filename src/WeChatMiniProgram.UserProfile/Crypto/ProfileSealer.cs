using System.Buffers;
using System.Security.Cryptography;

namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>Turns a consented profile into the success result: rawData, signature, encryptedData, iv and cloudID.</summary>
internal static class ProfileSealer
{
    public static SuccessCallbackResult Seal(UserInfo userInfo, string sessionKey, ReadOnlySpan<byte> key16, string appId, long timestamp, bool enableCloud)
    {
        var rawData = OpenDataJson.WriteRawData(userInfo);
        var signature = Signature.ComputeHex(rawData, sessionKey);

        Span<byte> iv = stackalloc byte[ProfileEncryptor.BlockSize];
        RandomNumberGenerator.Fill(iv);

        // Plaintext and ciphertext share one pooled buffer; the plaintext part is cleared before it goes back.
        var maxPlaintext = OpenDataJson.MaxPlaintextLength(rawData, appId);
        var buffer = ArrayPool<byte>.Shared.Rent(maxPlaintext + ProfileEncryptor.CiphertextLength(maxPlaintext));
        string encryptedData;
        try
        {
            var plaintextLength = OpenDataJson.WritePlaintext(rawData, timestamp, appId, buffer);
            var cipher = buffer.AsSpan(maxPlaintext);
            var cipherLength = ProfileEncryptor.Encrypt(buffer.AsSpan(0, plaintextLength), key16, iv, cipher);
            encryptedData = Convert.ToBase64String(cipher[..cipherLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, maxPlaintext));
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new SuccessCallbackResult(userInfo, rawData, signature, encryptedData, Convert.ToBase64String(iv), enableCloud ? NewCloudId() : null);
    }

    /// <summary>An opaque cloud ID, unique per call: 128 random bits as lowercase hex.</summary>
    private static string NewCloudId()
    {
        Span<byte> id = stackalloc byte[16];
        RandomNumberGenerator.Fill(id);
        return Convert.ToHexStringLower(id);
    }
}
