using BenchmarkDotNet.Attributes;
using UserProfile.Server;

namespace UserProfile.Benchmarks;

/// <summary>
/// VerifySignature with a signature that matches, that differs in its first byte, and that differs in its last:
/// a constant-time comparison shows the same time for all three (ratios near 1.00).
/// </summary>
public class SignatureComparisonBenchmarks
{
    private readonly UserProfileVerifier _verifier = new(new UserProfileVerifierOptions { AppId = Payload.AppId });
    private readonly string _rawData = Payload.Result.RawData;
    private readonly string _match = Payload.Result.Signature;
    private readonly string _firstByteWrong = Flip(Payload.Result.Signature, 0);
    private readonly string _lastByteWrong = Flip(Payload.Result.Signature, 39);

    [Benchmark(Baseline = true)]
    public bool Match() => _verifier.VerifySignature(_rawData, _match, Payload.SessionKey);

    [Benchmark]
    public bool MismatchAtFirstByte() => _verifier.VerifySignature(_rawData, _firstByteWrong, Payload.SessionKey);

    [Benchmark]
    public bool MismatchAtLastByte() => _verifier.VerifySignature(_rawData, _lastByteWrong, Payload.SessionKey);

    private static string Flip(string hex, int index)
    {
        var chars = hex.ToCharArray();
        chars[index] = chars[index] == '0' ? '1' : '0';
        return new string(chars);
    }
}
