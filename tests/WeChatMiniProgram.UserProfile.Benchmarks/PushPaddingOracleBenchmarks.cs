using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// The padding oracle of message push's secure mode, measured as for open data: an attacker who knows the Token (so can
/// sign) but not the EncodingAESKey rewrites the last byte of the penultimate ciphertext block and times the backend.
/// One push decrypts to valid padding (0x01, and then a wrong length and AppId), the other to invalid padding (0x00).
/// Both are refused as DecryptionFailed; the ratio InvalidPadding / ValidPadding must be 1.00.
/// </summary>
[MemoryDiagnoser]
public class PushPaddingOracleBenchmarks
{
    private const string Token = "benchToken1";
    private const string AesKey = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";

    private readonly WeChatPushReceiver _receiver = new(new WeChatPushOptions
    {
        AppId = Payload.AppId, Token = Token, EncodingAesKey = AesKey, RefuseReplays = false, TimestampTolerance = TimeSpan.Zero,
    });

    private (WeChatPushQuery Query, byte[] Body) _validPadding;
    private (WeChatPushQuery Query, byte[] Body) _invalidPadding;

    [GlobalSetup]
    public void Setup()
    {
        var message = "{\"ToUserName\":\"gh_1\",\"MsgType\":\"event\",\"Event\":\"wxa_media_check\",\"trace_id\":\"t\",\"errcode\":0,\"result\":{\"suggest\":\"pass\",\"label\":100}}";
        var push = new WeChatPushWriter(new WeChatPushOptions { AppId = Payload.AppId, Token = Token, EncodingAesKey = AesKey }).Write(message);
        var encrypt = JsonDocument.Parse(push.Body).RootElement.GetProperty("Encrypt").GetString()!;
        _validPadding = Altered(encrypt, 0x01, push.Query);
        _invalidPadding = Altered(encrypt, 0x00, push.Query);
        if (Run(_validPadding) != WeChatPushError.DecryptionFailed || Run(_invalidPadding) != WeChatPushError.DecryptionFailed)
        {
            throw new InvalidOperationException("Both altered pushes must be refused as DecryptionFailed.");
        }
    }

    [Benchmark(Baseline = true)]
    public WeChatPushError ValidPadding() => Run(_validPadding);

    [Benchmark]
    public WeChatPushError InvalidPadding() => Run(_invalidPadding);

    private WeChatPushError Run((WeChatPushQuery Query, byte[] Body) push)
    {
        try
        {
            _receiver.Receive(push.Query, push.Body);
            return (WeChatPushError)(-1);
        }
        catch (WeChatPushException ex)
        {
            return ex.Error;
        }
    }

    /// <summary>The ciphertext with the penultimate block's last byte changed so the final plaintext byte is <paramref name="last"/>, signed anew with the Token.</summary>
    private static (WeChatPushQuery, byte[]) Altered(string encrypt, byte last, WeChatPushQuery query)
    {
        var cipher = Convert.FromBase64String(encrypt);
        var key = Convert.FromBase64String(AesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(cipher, key[..16], PaddingMode.None);
        cipher[^17] ^= (byte)(plain[^1] ^ last);
        var altered = Convert.ToBase64String(cipher);
        string[] parts = [Token, query.Timestamp!, query.Nonce!, altered];
        Array.Sort(parts, StringComparer.Ordinal);
        var signature = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts)))).ToLower(CultureInfo.InvariantCulture);
        return (query with { MsgSignature = signature }, Encoding.UTF8.GetBytes($"{{\"ToUserName\":\"gh_1\",\"Encrypt\":\"{altered}\"}}"));
    }
}
