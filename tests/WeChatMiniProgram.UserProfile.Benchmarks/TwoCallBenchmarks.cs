using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// The classic two-call shape most backends write, on WeChat's own published examples: check the signature
/// (WeChat's signature example), then decrypt the getUserInfo-format data (WeChat's decryption example: openId,
/// unionId, the user's fields and the watermark). The SDK's <c>VerifySignature</c> + <c>DecryptUserProfile</c>
/// against the same two steps as SKIT.FlurlHttpClient.Wechat's users run them, re-created here.
/// </summary>
[MemoryDiagnoser]
public class TwoCallBenchmarks
{
    // WeChat's signature example (developers.weixin.qq.com, 开放数据校验与解密).
    private const string SignedRawData = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"zh_CN\",\"city\":\"Guangzhou\",\"province\":\"Guangdong\",\"country\":\"CN\","
        + "\"avatarUrl\":\"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0\"}";

    private const string Signature = "75e81ceda165f4ffa64f4068af58c64b8f54b88c";
    private const string SignatureSessionKey = "HyVFkGl5F5OQWJZZaNzBBg==";

    // WeChat's decryption example.
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string SessionKey = "tiihtNczf5v6AKRyjwEUhQ==";
    private const string Iv = "r7BXXKkLb8qrSNn05n0qiA==";
    private const string EncryptedData = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142d"
        + "NCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8"
        + "LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKla"
        + "Rv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

    private readonly OpenDataDecryptor _decryptor = new(new OpenDataOptions { AppId = AppId });

    [GlobalSetup]
    public void Check()
    {
        if (SkitStyle() != "oGZUI0egBJY1zhBYw2KhdUfwVJJE" || Sdk_VerifySignatureThenDecryptUserProfile() != "oGZUI0egBJY1zhBYw2KhdUfwVJJE")
        {
            throw new InvalidOperationException("A variant does not verify and decrypt WeChat's examples.");
        }
    }

    /// <summary>SKIT.FlurlHttpClient.Wechat users: SHA-1 to hex and a string compare, then three FromBase64String, a new Aes, TransformFinalBlock, GetString, STJ.</summary>
    [Benchmark(Baseline = true)]
    public string SkitStyle()
    {
        var expected = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(SignedRawData + SignatureSessionKey)));
        if (!string.Equals(expected, Signature, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("signature");
        }

        var key = Convert.FromBase64String(SessionKey);
        var iv = Convert.FromBase64String(Iv);
        var cipher = Convert.FromBase64String(EncryptedData);
        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.PKCS7;
        aes.Key = key;
        aes.IV = iv;
        using var decryptor = aes.CreateDecryptor();
        var plain = decryptor.TransformFinalBlock(cipher, 0, cipher.Length);
        var model = JsonSerializer.Deserialize<UserInfoWithIds>(Encoding.UTF8.GetString(plain))!;
        return model.Watermark.AppId != AppId ? throw new InvalidOperationException("appid") : model.OpenId;
    }

    /// <summary>The SDK's two public calls: the static signature check, then the decryptor (strict JSON, watermark checked).</summary>
    [Benchmark]
    public string? Sdk_VerifySignatureThenDecryptUserProfile()
        => UserProfileVerifier.VerifySignature(SignedRawData, Signature, SignatureSessionKey)
            ? _decryptor.DecryptUserProfile(EncryptedData, Iv, SessionKey).OpenId
            : throw new InvalidOperationException("signature");

    /// <summary>The first call alone: where the two-call time goes.</summary>
    [Benchmark]
    public bool Sdk_VerifySignatureAlone() => UserProfileVerifier.VerifySignature(SignedRawData, Signature, SignatureSessionKey);

    /// <summary>The second call alone.</summary>
    [Benchmark]
    public string? Sdk_DecryptUserProfileAlone() => _decryptor.DecryptUserProfile(EncryptedData, Iv, SessionKey).OpenId;

    /// <summary>The getUserInfo-format model the SKIT way deserializes into: the watermark model of the one-call benchmark, plus openId and unionId.</summary>
    public sealed class UserInfoWithIds
    {
        [JsonPropertyName("openId")]
        public string OpenId { get; set; } = string.Empty;

        [JsonPropertyName("nickName")]
        public string NickName { get; set; } = string.Empty;

        [JsonPropertyName("gender")]
        public int Gender { get; set; }

        [JsonPropertyName("language")]
        public string Language { get; set; } = string.Empty;

        [JsonPropertyName("city")]
        public string City { get; set; } = string.Empty;

        [JsonPropertyName("province")]
        public string Province { get; set; } = string.Empty;

        [JsonPropertyName("country")]
        public string Country { get; set; } = string.Empty;

        [JsonPropertyName("avatarUrl")]
        public string AvatarUrl { get; set; } = string.Empty;

        [JsonPropertyName("unionId")]
        public string UnionId { get; set; } = string.Empty;

        [JsonPropertyName("watermark")]
        public ServerVerifyDecryptBenchmarks.StjWatermark Watermark { get; set; } = new();
    }
}
