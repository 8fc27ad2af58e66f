using BenchmarkDotNet.Attributes;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// VerifyAndDecrypt throughput with one shared verifier: the same 4,000 operations on 1 thread, then on 2. The
/// MachineCeiling pair does pure managed arithmetic the same way, to show how far this machine's two cores scale at all.
/// </summary>
public class ScalingBenchmarks
{
    private const int Operations = 4_000;
    private readonly UserProfileVerifier _verifier = new(new OpenDataOptions { AppId = Payload.AppId });

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

    [Benchmark(OperationsPerInvoke = Operations)]
    public ulong MachineCeilingOneThread() => Arithmetic(Operations);

    [Benchmark(OperationsPerInvoke = Operations)]
    public ulong MachineCeilingTwoThreads()
    {
        ulong other = 0;
        var second = new Thread(() => other = Arithmetic(Operations / 2));
        second.Start();
        var mine = Arithmetic(Operations / 2);
        second.Join();
        return mine ^ other;
    }

    private static ulong Arithmetic(int count)
    {
        ulong x = 1;
        for (var i = 0; i < count * 2_000; i++)
        {
            x = (x * 6364136223846793005) + 1442695040888963407;
        }

        return x;
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
