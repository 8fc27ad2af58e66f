namespace WeChatMiniProgram.UserProfile.Tool.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    public static async Task<CliRun> RunWithInputAsync(string input, params string[] args)
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Cli.RunAsync(args, reader, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
