using BenchmarkDotNet.Attributes;
using UserProfile.Server;

namespace UserProfile.Benchmarks;

/// <summary>VerifyAndDecrypt throughput with one shared verifier: the same 4,000 operations on 1 thread, then on 2.</summary>
public class ScalingBenchmarks
{
    private const int Operations = 4_000;
    private readonly UserProfileVerifier _verifier = new(new UserProfileVerifierOptions { AppId = Payload.AppId });

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public void OneThread() => Run(Operations);

    [Benchmark(OperationsPerInvoke = Operations)]
    public void TwoThreads()
    {
        var second = new Thread(() => Run(Operations / 2));
        second.Start();
        Run(Operations / 2);
        second.Join();
    }

    private void Run(int count)
    {
        var result = Payload.Result;
        for (var i = 0; i < count; i++)
        {
            _verifier.VerifyAndDecrypt(result.RawData, result.Signature, result.EncryptedData, result.Iv, Payload.SessionKey);
        }
    }
}
