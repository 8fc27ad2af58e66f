using System.Reflection;
using System.Runtime.Versioning;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using WeChatMiniProgram.UserProfile.Benchmarks;

// In-process toolchain: BenchmarkDotNet 0.14 cannot generate a project for net10.0, and every ratio is from one run anyway.
// '--job dry' (what CI runs) is applied here too, so that the in-process toolchain and the dry job stay one job.
// '--job short' (3 warm-ups, 3 iterations) is for a quick look while working; published figures use the default job.
// '--interleaved Class [rounds] [calls]' measures one class's benchmarks in interleaved rounds instead (Interleaved.cs).
if (args is ["--interleaved", var className, ..])
{
    await Interleaved.RunAsync(className, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 300, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

var dry = false;
var quick = false;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--job" && i + 1 < args.Length && args[i + 1] is var name
        && (name.Equals("dry", StringComparison.OrdinalIgnoreCase) || name.Equals("short", StringComparison.OrdinalIgnoreCase)))
    {
        dry |= name.Equals("dry", StringComparison.OrdinalIgnoreCase);
        quick |= name.Equals("short", StringComparison.OrdinalIgnoreCase);
        i++;
        continue;
    }

    rest.Add(args[i]);
}

// Which build of the library this run measures (see UserProfileBuild in the project file).
Console.WriteLine($"UserProfile build: {typeof(WeChatMiniProgram.UserProfile.UserProfileClient).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName}");

var job = (dry ? Job.Dry : quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .WithOptions(ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], config);
