using System.Security.Cryptography;
using System.Text;

namespace UserProfile.Tests.TestDoubles;

/// <summary>The test's own view of WeChat's scheme, written straight against System.Security.Cryptography.</summary>
public static class OpenDataCrypto
{
    public static string Sha1Hex(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Decrypt(string encryptedData, string iv, string sessionKey)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(sessionKey);
        var plain = aes.DecryptCbc(Convert.FromBase64String(encryptedData), Convert.FromBase64String(iv), PaddingMode.PKCS7);
        return Encoding.UTF8.GetString(plain);
    }

    public static string Encrypt(string plaintext, string sessionKey, byte[] iv)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(sessionKey);
        return Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), iv, PaddingMode.PKCS7));
    }
}
