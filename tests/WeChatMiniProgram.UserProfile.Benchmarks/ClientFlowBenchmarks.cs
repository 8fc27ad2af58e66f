using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// GetUserProfileAsync with an always-allow prompt and in-memory sources, so the prompt's cost is excluded by
/// construction; against the hand-written SHA-1 + AES-CBC work every call must do at least.
/// </summary>
[MemoryDiagnoser]
public class ClientFlowBenchmarks
{
    private readonly UserProfileClient _client = new(
        new UserProfileClientOptions { AppId = Payload.AppId, RequireUserGesture = false, MaxCallsPerSecond = 0, AnonymousProfile = false },
        new InMemoryConsentPromptProvider(ConsentDecision.Allow),
        new InMemoryUserProfileSource(Payload.Profile),
        new InMemorySessionKeyProvider(Payload.SessionKey));

    private readonly Option _option = new() { Desc = "benchmark" };
    private readonly byte[] _key = Convert.FromBase64String(Payload.SessionKey);
    private readonly string _plaintext = Payload.Result.RawData[..^1] + ",\"watermark\":{\"timestamp\":1795000000,\"appid\":\"" + Payload.AppId + "\"}}";

    /// <summary>The crypto a call cannot avoid: SHA-1 of rawData + key, a random IV, a new Aes, EncryptCbc, base64.</summary>
    [Benchmark(Baseline = true)]
    public string CryptoFloor()
    {
        var signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Payload.Result.RawData + Payload.SessionKey)));
        Span<byte> iv = stackalloc byte[16];
        RandomNumberGenerator.Fill(iv);
        using var aes = Aes.Create();
        aes.SetKey(_key);
        return Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(_plaintext), iv, PaddingMode.PKCS7)) + signature;
    }

    /// <summary>The whole flow: validation, rules, queue, prompt, profile, rawData, signature, encryption, callbacks.</summary>
    [Benchmark]
    public async Task<string> GetUserProfileAsync() => (await _client.GetUserProfileAsync(_option)).Signature;

    /// <summary>The same flow with the fast path off (System.Security.Cryptography): the client before the fast path.</summary>
    [Benchmark]
    public async Task<string> GetUserProfileAsync_SystemCrypto() => (await _client.GetUserProfileAsync(_option)).Signature;

    [GlobalSetup(Target = nameof(GetUserProfileAsync_SystemCrypto))]
    public void UseSystemCrypto() => WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active = WeChatMiniProgram.UserProfile.Crypto.ManagedCryptoPrimitives.Instance;

    [GlobalCleanup(Target = nameof(GetUserProfileAsync_SystemCrypto))]
    public void UseTheProcessChoice() => WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active = WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Select();
}
