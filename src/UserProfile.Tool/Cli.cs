using System.CommandLine;
using UserProfile.Tool.Commands;

namespace UserProfile.Tool;

/// <summary>
/// The <c>userprofile</c> command line. Exit codes: 0 success, 1 the operation failed (bad data, mismatch, denied),
/// 2 bad arguments (a usage message goes to standard error).
/// </summary>
internal static class Cli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Decrypt, verify and simulate WeChat getUserProfile data.")
        {
            DecryptCommand.Create(output, error),
            VerifyCommand.Create(output, error),
            SimulateCommand.Create(output, error),
        };

        // Values are base64 and JSON taken literally: no @response-file expansion.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync(UsageFor(parse.CommandResult.Command.Name));
            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static string UsageFor(string command) => command switch
    {
        "decrypt" => "usage: " + DecryptCommand.Usage,
        "verify" => "usage: " + VerifyCommand.Usage,
        "simulate" => "usage: " + SimulateCommand.Usage,
        _ => $"usage:\n  {DecryptCommand.Usage}\n  {VerifyCommand.Usage}\n  {SimulateCommand.Usage}\nRun 'userprofile <command> --help' for details.",
    };
}
