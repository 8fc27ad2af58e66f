using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// The padding oracle, measured: a CBC padding-oracle attacker rewrites the last byte of the penultimate ciphertext
/// block and watches how long the server takes. Here the real payload is altered exactly so, once to decrypt to
/// valid padding (garbage before it) and once to invalid padding, and sent through each public decrypt API.
/// The ratio InvalidPadding / ValidPadding must be 1.00 for every API: the time must not tell them apart.
/// </summary>
[MemoryDiagnoser]
public class PaddingOracleBenchmarks
{
    private readonly UserProfileVerifier _verifier = new(new OpenDataOptions { AppId = Payload.AppId });
    private readonly OpenDataDecryptor _decryptor = new(new OpenDataOptions { AppId = Payload.AppId });
    private string _validPadding = string.Empty;
    private string _invalidPadding = string.Empty;

    [Params("TryDecryptUserProfile", "TryVerifyAndDecrypt", "Decrypt<T>", "DecryptPhoneNumber")]
    public string Api { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _validPadding = WithLastPlaintextByte(0x01);
        _invalidPadding = WithLastPlaintextByte(0x00);
        if (Run(_validPadding) != OpenDataError.DecryptionFailed || Run(_invalidPadding) != OpenDataError.DecryptionFailed)
        {
            throw new InvalidOperationException("Both altered payloads must fail as DecryptionFailed.");
        }
    }

    [Benchmark(Baseline = true)]
    public OpenDataError ValidPadding() => Run(_validPadding);

    [Benchmark]
    public OpenDataError InvalidPadding() => Run(_invalidPadding);

    private OpenDataError Run(string encryptedData)
    {
        var result = Payload.Result;
        switch (Api)
        {
            case "TryDecryptUserProfile":
                _decryptor.TryDecryptUserProfile(encryptedData, result.Iv, Payload.SessionKey, out _, out var error);
                return error;
            case "TryVerifyAndDecrypt":
                // rawData and its signature are intact, as in the attack: the signature does not cover encryptedData.
                _verifier.TryVerifyAndDecrypt(result.RawData, result.Signature, encryptedData, result.Iv, Payload.SessionKey, out _, out error);
                return error;
            default:
                try
                {
                    _ = Api == "Decrypt<T>"
                        ? (object)_decryptor.Decrypt(encryptedData, result.Iv, Payload.SessionKey, BenchmarkJsonContext.Default.UserInfo)
                        : _decryptor.DecryptPhoneNumber(encryptedData, result.Iv, Payload.SessionKey);
                    return OpenDataError.None;
                }
                catch (OpenDataException ex)
                {
                    return ex.Error;
                }
        }
    }

    /// <summary>The real ciphertext with the penultimate block's last byte changed so the final plaintext byte is <paramref name="last"/>.</summary>
    private static string WithLastPlaintextByte(byte last)
    {
        var cipher = Convert.FromBase64String(Payload.Result.EncryptedData);
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(Payload.SessionKey);
        var plain = aes.DecryptCbc(cipher, Convert.FromBase64String(Payload.Result.Iv), PaddingMode.None);
        cipher[^17] ^= (byte)(plain[^1] ^ last);
        return Convert.ToBase64String(cipher);
    }
}

/// <summary>Source-generated metadata for the model the Decrypt&lt;T&gt; rows decrypt into.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(UserInfo))]
internal sealed partial class BenchmarkJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
