using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using UserProfile.Server;

namespace UserProfile.Benchmarks;

/// <summary>
/// Where one VerifyAndDecrypt's time goes: each step of the server path alone, as a ratio of the whole call.
/// </summary>
[MemoryDiagnoser]
public class CostBreakdownBenchmarks
{
    private readonly UserProfileVerifier _verifier = new(new UserProfileVerifierOptions { AppId = Payload.AppId });
    private readonly SuccessCallbackResult _result = Payload.Result;
    private readonly byte[] _cipher = Convert.FromBase64String(Payload.Result.EncryptedData);
    private readonly byte[] _iv = Convert.FromBase64String(Payload.Result.Iv);
    private readonly byte[] _key = Convert.FromBase64String(Payload.SessionKey);
    private readonly byte[] _buffer = new byte[1024];
    private readonly Aes _aes = Aes.Create();
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private byte[] _plaintext = [];

    [GlobalSetup]
    public void Setup()
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        _plaintext = aes.DecryptCbc(_cipher, _iv, PaddingMode.PKCS7);
    }

    [Benchmark(Baseline = true)]
    public string WholeCall() => _verifier.VerifyAndDecrypt(_result, Payload.SessionKey).NickName;

    [Benchmark]
    public int Base64DecodeThreeFields()
    {
        Span<byte> small = stackalloc byte[48];
        Convert.TryFromBase64String(Payload.SessionKey, small, out var a);
        Convert.TryFromBase64String(_result.Iv, small, out var b);
        Convert.TryFromBase64String(_result.EncryptedData, _buffer, out var c);
        return a + b + c;
    }

    [Benchmark]
    public byte Sha1OfRawDataPlusKey()
    {
        Span<byte> text = stackalloc byte[512];
        Span<byte> digest = stackalloc byte[20];
        var length = Encoding.UTF8.GetBytes(_result.RawData, text);
        length += Encoding.UTF8.GetBytes(Payload.SessionKey, text[length..]);
        SHA1.HashData(text[..length], digest);
        return digest[0];
    }

    [Benchmark]
    public byte Sha1ReusedIncrementalHash()
    {
        Span<byte> text = stackalloc byte[512];
        Span<byte> digest = stackalloc byte[20];
        var length = Encoding.UTF8.GetBytes(_result.RawData, text);
        length += Encoding.UTF8.GetBytes(Payload.SessionKey, text[length..]);
        _sha1.AppendData(text[..length]);
        _sha1.GetHashAndReset(digest);
        return digest[0];
    }

    [Benchmark]
    public int AesSetKeyAndDecryptCbc()
    {
        _aes.SetKey(_key);
        return _aes.DecryptCbc(_cipher, _iv, _buffer, PaddingMode.None);
    }

    [Benchmark]
    public int AesDecryptCbcSameKey() => _aes.DecryptCbc(_cipher, _iv, _buffer, PaddingMode.None);

    [Benchmark]
    public int AesCreateSetKeyAndDecryptCbc()
    {
        using var aes = Aes.Create();
        aes.SetKey(_key);
        return aes.DecryptCbc(_cipher, _iv, _buffer, PaddingMode.None);
    }

    [Benchmark]
    public string? ParseProfileJson()
        => ProfileJsonReader.TryRead(_plaintext, out var fields) ? fields.UserInfo.NickName : null;

    /// <summary>The slow path of the rawData cross-check: read rawData and compare member by member.</summary>
    [Benchmark]
    public bool RawDataCrossCheck()
    {
        Span<byte> raw = stackalloc byte[512];
        var length = Encoding.UTF8.GetBytes(_result.RawData, raw);
        return ProfileJsonReader.TryRead(_plaintext, out var decrypted)
            && ProfileJsonReader.TryRead(raw[..length], out var signed)
            && ProfileJsonReader.SameUserInfo(decrypted, signed);
    }
}
