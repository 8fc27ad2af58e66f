using System.Security.Cryptography;

namespace UserProfile.Crypto;

/// <summary>Turns a consented profile into the success result: rawData, signature, encryptedData, iv and cloudID.</summary>
internal static class ProfileSealer
{
    public static SuccessCallbackResult Seal(UserInfo userInfo, string sessionKey, ReadOnlySpan<byte> key16, string appId, long timestamp, bool enableCloud)
    {
        var rawData = OpenDataJson.WriteRawData(userInfo);
        var signature = Signature.ComputeHex(rawData, sessionKey);

        Span<byte> iv = stackalloc byte[ProfileEncryptor.BlockSize];
        RandomNumberGenerator.Fill(iv);
        var encryptedData = ProfileEncryptor.Encrypt(OpenDataJson.WritePlaintext(userInfo, timestamp, appId), key16, iv);

        return new SuccessCallbackResult(
            userInfo,
            rawData,
            signature,
            encryptedData,
            Convert.ToBase64String(iv),
            enableCloud ? NewCloudId() : null);
    }

    /// <summary>An opaque cloud ID, unique per call: 128 random bits as lowercase hex.</summary>
    private static string NewCloudId()
    {
        Span<byte> id = stackalloc byte[16];
        RandomNumberGenerator.Fill(id);
        return Convert.ToHexStringLower(id);
    }
}
