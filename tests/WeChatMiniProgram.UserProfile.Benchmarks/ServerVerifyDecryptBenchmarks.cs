using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// Verify the signature, decrypt, parse and check the watermark of one realistic payload, four ways.
/// The Skit and Senparc variants re-create, here, the steps those libraries' users run today.
/// </summary>
[MemoryDiagnoser]
public class ServerVerifyDecryptBenchmarks
{
    private readonly string _rawData = Payload.Result.RawData;
    private readonly string _signature = Payload.Result.Signature;
    private readonly string _encryptedData = Payload.Result.EncryptedData;
    private readonly string _iv = Payload.Result.Iv;
    private readonly string _sessionKey = Payload.SessionKey;
    private readonly UserProfileVerifier _verifier = new(new OpenDataOptions { AppId = Payload.AppId });
    private readonly OpenDataDecryptor _decryptor = new(new OpenDataOptions { AppId = Payload.AppId });
    private readonly Aes _floorAes = Aes.Create();
    private readonly byte[] _floorBuffer = new byte[1024];

    [GlobalSetup]
    public void Check()
    {
        if (SkitStyle() != Payload.Profile.NickName || SenparcStyle() != Payload.Profile.NickName || Sdk_VerifyAndDecrypt() != Payload.Profile.NickName
            || PlatformFloor() == 0 || PlatformFloor_SdkPrimitives() == 0)
        {
            throw new InvalidOperationException("A variant does not decrypt the payload.");
        }
    }

    /// <summary>SKIT.FlurlHttpClient.Wechat users: three FromBase64String, a new Aes, TransformFinalBlock, GetString, STJ, string compare.</summary>
    [Benchmark(Baseline = true)]
    public string SkitStyle()
    {
        var expected = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(_rawData + _sessionKey)));
        if (!string.Equals(expected, _signature, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("signature");
        }

        var key = Convert.FromBase64String(_sessionKey);
        var iv = Convert.FromBase64String(_iv);
        var cipher = Convert.FromBase64String(_encryptedData);
        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.PKCS7;
        aes.Key = key;
        aes.IV = iv;
        using var decryptor = aes.CreateDecryptor();
        var plain = decryptor.TransformFinalBlock(cipher, 0, cipher.Length);
        var json = Encoding.UTF8.GetString(plain);
        var model = JsonSerializer.Deserialize<StjUserInfo>(json)!;
        if (model.Watermark.AppId != Payload.AppId)
        {
            throw new InvalidOperationException("appid");
        }

        return model.NickName;
    }

    /// <summary>Senparc.Weixin.WxOpen users: SHA-1 twice with a hex loop, a MemoryStream + CryptoStream, copies, Newtonsoft.</summary>
    [Benchmark]
    public string SenparcStyle()
    {
        if (Sha1HexLoop(_rawData + _sessionKey) != _signature || Sha1HexLoop(_rawData + _sessionKey) != _signature)
        {
            throw new InvalidOperationException("signature");
        }

        var key = Convert.FromBase64String(_sessionKey);
        var iv = Convert.FromBase64String(_iv);
        var cipher = Convert.FromBase64String(_encryptedData);
        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.PKCS7;
        aes.Key = key;
        aes.IV = iv;
        using var decryptor = aes.CreateDecryptor();
        using var output = new MemoryStream();
        using (var crypto = new CryptoStream(output, decryptor, CryptoStreamMode.Write))
        {
            crypto.Write(cipher, 0, cipher.Length);
            crypto.FlushFinalBlock();
        }

        var bytes = output.ToArray();
        var copy = new byte[bytes.Length];
        Array.Copy(bytes, copy, bytes.Length);
        var json = Encoding.UTF8.GetString(copy);
        var model = Newtonsoft.Json.JsonConvert.DeserializeObject<NewtonsoftUserInfo>(json)!;
        if (model.Watermark.AppId != Payload.AppId)
        {
            throw new InvalidOperationException("appid");
        }

        return model.NickName;
    }

    /// <summary>The crypto primitives alone, no parsing: span base64 decodes, SHA1.HashData, SetKey + DecryptCbc into a reused buffer.</summary>
    [Benchmark]
    public int PlatformFloor()
    {
        Span<byte> key = stackalloc byte[18];
        Span<byte> iv = stackalloc byte[18];
        Span<byte> digest = stackalloc byte[20];
        Convert.TryFromBase64String(_sessionKey, key, out _);
        Convert.TryFromBase64String(_iv, iv, out _);
        Convert.TryFromBase64String(_encryptedData, _floorBuffer, out var cipherLength);
        Span<byte> text = stackalloc byte[512];
        var length = Encoding.UTF8.GetBytes(_rawData, text);
        length += Encoding.UTF8.GetBytes(_sessionKey, text[length..]);
        SHA1.HashData(text[..length], digest);
        _floorAes.SetKey(key[..16]);
        return _floorAes.DecryptCbc(_floorBuffer.AsSpan(0, cipherLength), iv[..16], _floorBuffer, PaddingMode.PKCS7) + digest[0];
    }

    /// <summary>
    /// The floor on the primitives the SDK uses (on Linux: OpenSSL 3 EVP, fetched once, per-thread contexts, and the
    /// vectorised base64 decoder): the same base64 decodes and UTF-8 encoding, SHA-1, AES-CBC in place; no parsing.
    /// </summary>
    [Benchmark]
    public int PlatformFloor_SdkPrimitives()
    {
        Span<byte> key = stackalloc byte[18];
        Span<byte> iv = stackalloc byte[18];
        Span<byte> digest = stackalloc byte[20];
        WeChatMiniProgram.UserProfile.Crypto.Base64Field.TryDecode(_sessionKey, key, out _);
        WeChatMiniProgram.UserProfile.Crypto.Base64Field.TryDecode(_iv, iv, out _);
        WeChatMiniProgram.UserProfile.Crypto.Base64Field.TryDecode(_encryptedData, _floorBuffer, out var cipherLength);
        Span<byte> text = stackalloc byte[512];
        var length = Encoding.UTF8.GetBytes(_rawData, text);
        length += Encoding.UTF8.GetBytes(_sessionKey, text[length..]);
        var primitives = WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active;
        primitives.Sha1(text[..length], digest);
        primitives.DecryptCbcNoPadding(key[..16], iv[..16], _floorBuffer.AsSpan(0, cipherLength));
        return cipherLength - _floorBuffer[cipherLength - 1] + digest[0];
    }

    /// <summary>The SDK's one call: signature, decrypt, parse, watermark and the rawData cross-check.</summary>
    [Benchmark]
    public string Sdk_VerifyAndDecrypt() => _verifier.VerifyAndDecrypt(_rawData, _signature, _encryptedData, _iv, _sessionKey).NickName;

    /// <summary>The same call with the fast path off (the AppContext switch's System.Security.Cryptography): the SDK before the fast path.</summary>
    [Benchmark]
    public string Sdk_VerifyAndDecrypt_SystemCrypto() => _verifier.VerifyAndDecrypt(_rawData, _signature, _encryptedData, _iv, _sessionKey).NickName;

    [GlobalSetup(Target = nameof(Sdk_VerifyAndDecrypt_SystemCrypto))]
    public void UseSystemCrypto()
    {
        WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active = WeChatMiniProgram.UserProfile.Crypto.ManagedCryptoPrimitives.Instance;
        Check();
    }

    [GlobalCleanup(Target = nameof(Sdk_VerifyAndDecrypt_SystemCrypto))]
    public void UseTheProcessChoice() => WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active = WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Select();

    /// <summary>The SDK's exception-free decrypt alone (no signature or rawData check).</summary>
    [Benchmark]
    public string? Sdk_TryDecryptUserProfile()
        => _decryptor.TryDecryptUserProfile(_encryptedData, _iv, _sessionKey, out var profile, out _) ? profile.NickName : null;

    private static string Sha1HexLoop(string text)
    {
        using var sha1 = SHA1.Create();
        var hash = sha1.ComputeHash(Encoding.UTF8.GetBytes(text));
        var builder = new StringBuilder();
        foreach (var b in hash)
        {
            builder.AppendFormat("{0:x2}", b);
        }

        return builder.ToString();
    }

    public sealed class StjWatermark
    {
        [JsonPropertyName("appid")]
        public string AppId { get; set; } = string.Empty;

        [JsonPropertyName("timestamp")]
        public long Timestamp { get; set; }
    }

    public sealed class StjUserInfo
    {
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

        [JsonPropertyName("watermark")]
        public StjWatermark Watermark { get; set; } = new();
    }

    public sealed class NewtonsoftWatermark
    {
        [Newtonsoft.Json.JsonProperty("appid")]
        public string AppId { get; set; } = string.Empty;

        [Newtonsoft.Json.JsonProperty("timestamp")]
        public long Timestamp { get; set; }
    }

    public sealed class NewtonsoftUserInfo
    {
        [Newtonsoft.Json.JsonProperty("nickName")]
        public string NickName { get; set; } = string.Empty;

        [Newtonsoft.Json.JsonProperty("gender")]
        public int Gender { get; set; }

        [Newtonsoft.Json.JsonProperty("language")]
        public string Language { get; set; } = string.Empty;

        [Newtonsoft.Json.JsonProperty("city")]
        public string City { get; set; } = string.Empty;

        [Newtonsoft.Json.JsonProperty("province")]
        public string Province { get; set; } = string.Empty;

        [Newtonsoft.Json.JsonProperty("country")]
        public string Country { get; set; } = string.Empty;

        [Newtonsoft.Json.JsonProperty("avatarUrl")]
        public string AvatarUrl { get; set; } = string.Empty;

        [Newtonsoft.Json.JsonProperty("watermark")]
        public NewtonsoftWatermark Watermark { get; set; } = new();
    }
}
