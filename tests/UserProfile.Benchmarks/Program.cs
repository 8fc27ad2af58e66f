using System.Reflection;
using System.Runtime.Versioning;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process toolchain: BenchmarkDotNet 0.14 cannot generate a project for net10.0, and every ratio is from one run anyway.
// '--job dry' (what CI runs) is applied here too, so that the in-process toolchain and the dry job stay one job.
var dry = false;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--job" && i + 1 < args.Length && args[i + 1].Equals("dry", StringComparison.OrdinalIgnoreCase))
    {
        dry = true;
        i++;
        continue;
    }

    rest.Add(args[i]);
}

// Which build of the library this run measures (see UserProfileBuild in the project file).
Console.WriteLine($"UserProfile build: {typeof(UserProfile.UserProfileClient).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName}");

var job = (dry ? Job.Dry : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .WithOptions(ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], config);
