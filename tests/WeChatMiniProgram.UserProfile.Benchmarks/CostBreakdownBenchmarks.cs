using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// Where one VerifyAndDecrypt's time goes: each step of the server path alone, as a ratio of the whole call.
/// </summary>
[MemoryDiagnoser]
public class CostBreakdownBenchmarks
{
    private readonly UserProfileVerifier _verifier = new(new OpenDataOptions { AppId = Payload.AppId });
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

    /// <summary>The SDK's decryption primitive (OpenSSL 3 EVP on Linux): re-key a per-thread context, decrypt, re-key it with zeros.</summary>
    [Benchmark]
    public int SdkPrimitives_AesDecrypt()
    {
        _cipher.CopyTo(_buffer, 0);
        WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active.DecryptCbcNoPadding(_key, _iv, _buffer.AsSpan(0, _cipher.Length));
        return _buffer[0];
    }

    /// <summary>The same without re-keying with zeros afterwards: the price of key hygiene is the difference.</summary>
    [Benchmark]
    public int SdkPrimitives_AesDecrypt_NoScrub()
    {
        _cipher.CopyTo(_buffer, 0);
        WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active.DecryptCbcNoPadding(_key, _iv, _buffer.AsSpan(0, _cipher.Length));
        return _buffer[0];
    }

#if LIBRARY_HAS_OPENSSL_FAST_PATH
    [GlobalSetup(Target = nameof(SdkPrimitives_AesDecrypt_NoScrub))]
    public void NoScrub()
    {
        Setup();
        if (WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active is WeChatMiniProgram.UserProfile.Crypto.OpenSslCryptoPrimitives openSsl)
        {
            openSsl.ScrubKeys = false;
        }
    }

    [GlobalCleanup(Target = nameof(SdkPrimitives_AesDecrypt_NoScrub))]
    public void Scrub()
    {
        if (WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active is WeChatMiniProgram.UserProfile.Crypto.OpenSslCryptoPrimitives openSsl)
        {
            openSsl.ScrubKeys = true;
        }
    }
#endif

    /// <summary>The SDK's SHA-1 primitive over rawData + key, UTF-8 encoding included.</summary>
    [Benchmark]
    public byte SdkPrimitives_Sha1OfRawDataPlusKey()
    {
        Span<byte> text = stackalloc byte[512];
        Span<byte> digest = stackalloc byte[20];
        var length = Encoding.UTF8.GetBytes(_result.RawData, text);
        length += Encoding.UTF8.GetBytes(Payload.SessionKey, text[length..]);
        WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active.Sha1(text[..length], digest);
        return digest[0];
    }

    /// <summary>UTF-8 encoding of rawData + key alone.</summary>
    [Benchmark]
    public int Utf8OfRawDataPlusKey()
    {
        Span<byte> text = stackalloc byte[512];
        var length = Encoding.UTF8.GetBytes(_result.RawData, text);
        return length + Encoding.UTF8.GetBytes(Payload.SessionKey, text[length..]);
    }

    /// <summary>What the diagnostics cost when nobody listens: a span that is not started.</summary>
    [Benchmark]
    public bool IdleActivitySource()
    {
        using var activity = WeChatMiniProgram.UserProfile.Diagnostics.UserProfileDiagnostics.StartServer("UserProfile.VerifyAndDecrypt");
        WeChatMiniProgram.UserProfile.Diagnostics.UserProfileDiagnostics.ServerEnded(activity, OpenDataError.None);
        return activity is null;
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
