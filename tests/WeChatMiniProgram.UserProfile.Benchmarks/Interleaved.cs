using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// <c>--interleaved Class [rounds] [calls]</c>: runs a class's benchmarks in rounds, each benchmark <c>calls</c> times
/// per round, one after another within the round, and reports each one's median per-round ratio to the baseline (with
/// the 10th and 90th percentiles). BenchmarkDotNet measures one benchmark after another, so on a VM whose speed drifts
/// over minutes the drift lands in the ratio; within a round every benchmark meets the same machine. It adds to the
/// BenchmarkDotNet figures, it does not replace them: it has no outlier handling and reports no allocations. On Linux
/// it also reports the process's CPU time and context switches per call, all threads counted: a ratio that grows with
/// context switches is waiting and waking, one that grows with CPU alone is work. The defaults are 300 rounds of 200
/// calls, where GET /profile's median ratio ranged over 1.07–1.15 across six processes here (with 60 rounds of 300, one
/// process in three measured 1.22).
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
            var usage = new ProcessUsage[benchmarks.Length];
            const int WarmUpRounds = 20; // until tiered compilation settles: it compiles for seconds on 2 cores
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                for (var b = 0; b < run.Length; b++)
                {
                    var before = ProcessUsage.Now();
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < calls; i++)
                    {
                        await run[b]().ConfigureAwait(false);
                    }

                    if (round >= 0)
                    {
                        perCall[b].Add(clock.Elapsed.TotalMicroseconds / calls);
                        usage[b] += ProcessUsage.Now() - before;
                    }
                }
            }

            Console.WriteLine($"{className}, interleaved: {rounds} rounds of {calls} calls each, after {WarmUpRounds} rounds of warm-up");
            Console.WriteLine("| Method | Median | Ratio (median of rounds) | P10 | P90 | CPU per call | Context switches per call |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            for (var b = 0; b < run.Length; b++)
            {
                var ratios = perCall[b].Zip(perCall[baseline], (x, y) => x / y).Order().ToArray();
                var description = benchmarks[b].GetCustomAttribute<BenchmarkAttribute>()!.Description ?? benchmarks[b].Name;
                Console.WriteLine(FormattableString.Invariant(
                    $"| {description} | {Median(perCall[b].Order().ToArray()):F1} us | {Median(ratios):F2} | {ratios[ratios.Length / 10]:F2} | {ratios[ratios.Length * 9 / 10]:F2} | {usage[b].CpuMicroseconds / (rounds * (double)calls):F1} us | {usage[b].ContextSwitches / (rounds * (double)calls):F2} |"));
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

    /// <summary>
    /// The process's CPU time (user and system, all threads) and context switches (voluntary and not) from
    /// <c>getrusage</c>, so a ratio can be told apart: more work, or more waking up. Zero where it is not Linux.
    /// </summary>
    private readonly record struct ProcessUsage(double CpuMicroseconds, long ContextSwitches)
    {
        public static ProcessUsage operator +(ProcessUsage x, ProcessUsage y) => new(x.CpuMicroseconds + y.CpuMicroseconds, x.ContextSwitches + y.ContextSwitches);

        public static ProcessUsage operator -(ProcessUsage x, ProcessUsage y) => new(x.CpuMicroseconds - y.CpuMicroseconds, x.ContextSwitches - y.ContextSwitches);

        public static ProcessUsage Now()
        {
            if (!OperatingSystem.IsLinux())
            {
                return default;
            }

            // struct rusage on 64-bit Linux: two timevals (seconds, microseconds), then 14 longs; nvcsw and nivcsw last.
            var fields = new long[18];
            if (GetRUsage(0, fields) != 0)
            {
                return default;
            }

            return new((fields[0] + fields[2]) * 1e6 + fields[1] + fields[3], fields[16] + fields[17]);
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
        private static extern int GetRUsage(int who, [System.Runtime.InteropServices.Out] long[] usage);
    }
}
