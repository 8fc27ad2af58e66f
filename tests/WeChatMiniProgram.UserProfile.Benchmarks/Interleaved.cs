using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// <c>--interleaved Class [rounds] [calls]</c>: runs a class's benchmarks in rounds, each benchmark <c>calls</c> times
/// per round, one after another within the round, and reports each one's median per-round ratio to the baseline (with
/// the 10th and 90th percentiles). BenchmarkDotNet measures one benchmark after another, so on a VM whose speed drifts
/// over minutes the drift lands in the ratio; within a round every benchmark meets the same machine. It adds to the
/// BenchmarkDotNet figures, it does not replace them: it has no outlier handling and reports no allocations.
/// </summary>
internal static class Interleaved
{
    public static async Task RunAsync(string className, int rounds, int calls)
    {
        if (rounds < 1 || calls < 1)
        {
            throw new ArgumentException($"Rounds and calls must be at least 1 (were {rounds} and {calls}).", nameof(rounds));
        }

        var type = typeof(Interleaved).Assembly.GetTypes().SingleOrDefault(t => t.Name == className)
            ?? throw new ArgumentException($"No benchmark class named {className}.", nameof(className));
        var benchmarks = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToArray();
        var baseline = Array.FindIndex(benchmarks, m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);
        if (baseline < 0)
        {
            throw new ArgumentException($"{className} has no [Benchmark(Baseline = true)] to take ratios against.", nameof(className));
        }

        var instance = Activator.CreateInstance(type)!;
        Invoke<GlobalSetupAttribute>(type, instance);
        try
        {
            var run = benchmarks.Select(m => (Func<Task>)(() => m.Invoke(instance, null) as Task ?? Task.CompletedTask)).ToArray();
            var perCall = benchmarks.Select(_ => new List<double>()).ToArray();
            const int WarmUpRounds = 20; // until tiered compilation settles: it compiles for seconds on 2 cores
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                for (var b = 0; b < run.Length; b++)
                {
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < calls; i++)
                    {
                        await run[b]().ConfigureAwait(false);
                    }

                    if (round >= 0)
                    {
                        perCall[b].Add(clock.Elapsed.TotalMicroseconds / calls);
                    }
                }
            }

            Console.WriteLine($"{className}, interleaved: {rounds} rounds of {calls} calls each, after {WarmUpRounds} rounds of warm-up");
            Console.WriteLine("| Method | Median | Ratio (median of rounds) | P10 | P90 |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            for (var b = 0; b < run.Length; b++)
            {
                var ratios = perCall[b].Zip(perCall[baseline], (x, y) => x / y).Order().ToArray();
                var description = benchmarks[b].GetCustomAttribute<BenchmarkAttribute>()!.Description ?? benchmarks[b].Name;
                Console.WriteLine(FormattableString.Invariant(
                    $"| {description} | {Median(perCall[b].Order().ToArray()):F1} us | {Median(ratios):F2} | {ratios[ratios.Length / 10]:F2} | {ratios[ratios.Length * 9 / 10]:F2} |"));
            }
        }
        finally
        {
            Invoke<GlobalCleanupAttribute>(type, instance);
        }
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];

    private static void Invoke<TAttribute>(Type type, object instance)
        where TAttribute : Attribute
    {
        foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }
}
