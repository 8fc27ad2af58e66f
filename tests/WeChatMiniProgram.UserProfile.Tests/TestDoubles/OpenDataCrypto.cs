using System.Security.Cryptography;
using System.Text;

namespace WeChatMiniProgram.UserProfile.Tests.TestDoubles;

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

    public static string EncryptBytes(byte[] plaintext, string sessionKey, byte[] iv)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(sessionKey);
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7));
    }

    /// <summary>Encrypts <paramref name="plaintext"/> followed by <paramref name="tail"/> as it is, with no padding added.</summary>
    public static string EncryptWithTail(byte[] plaintext, byte[] tail, string sessionKey, byte[] iv)
    {
        var data = plaintext.Concat(tail).ToArray();
        data.Length.Should().Be(data.Length / 16 * 16, "the test must supply whole blocks");
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(sessionKey);
        return Convert.ToBase64String(aes.EncryptCbc(data, iv, PaddingMode.None));
    }

    /// <summary>The iv that makes the first plaintext block decrypt to <paramref name="target"/> instead of <paramref name="original"/>.</summary>
    public static string RewriteFirstBlock(string iv, string original, string target)
    {
        var bytes = Convert.FromBase64String(iv);
        var from = Encoding.UTF8.GetBytes(original);
        var to = Encoding.UTF8.GetBytes(target);
        from.Length.Should().Be(16);
        to.Length.Should().Be(16);
        for (var i = 0; i < 16; i++)
        {
            bytes[i] ^= (byte)(from[i] ^ to[i]);
        }

        return Convert.ToBase64String(bytes);
    }
}
