using System.CommandLine;
using WeChatMiniProgram.UserProfile.Tool.Commands;

namespace WeChatMiniProgram.UserProfile.Tool;

/// <summary>
/// The <c>userprofile</c> command line. Exit codes: 0 success, 1 the operation failed (bad data, mismatch, denied),
/// 2 bad arguments (a usage message goes to standard error).
/// </summary>
internal static class Cli
{
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Decrypt, verify, check and simulate WeChat getUserProfile data, seal and open message pushes, and serve the WeChat emulator.")
        {
            DecryptCommand.Create(output, error),
            VerifyCommand.Create(output, error),
            CheckCommand.Create(input, output, error),
            SimulateCommand.Create(output, error),
            ServeCommand.Create(output, error),
            PhoneCommands.CreateLogin(output, error),
            PhoneCommands.CreateProfile(output, error),
            PushCommand.Create(input, output, error),
        };

        // No command, or one that does not exist: one line that says so, then the usage.
        if (args.Length == 0 || (!args[0].StartsWith('-') && !root.Subcommands.Any(c => c.Name == args[0])))
        {
            await error.WriteLineAsync(args.Length == 0 ? "userprofile: a command is required." : $"userprofile: unknown command '{args[0]}'.");
            await error.WriteLineAsync(UsageFor(string.Empty));
            return 2;
        }

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
        "check" => "usage: " + CheckCommand.Usage,
        "serve" => "usage: " + ServeCommand.Usage,
        "login" => "usage: " + PhoneCommands.LoginUsage,
        "profile" => "usage: " + PhoneCommands.ProfileUsage,
        "push" or "seal" or "open" => "usage: " + PushCommand.Usage,
        _ => $"usage:\n  {DecryptCommand.Usage}\n  {VerifyCommand.Usage}\n  {CheckCommand.Usage}\n  {SimulateCommand.Usage}\n  {ServeCommand.Usage}\n"
            + $"  {PhoneCommands.LoginUsage}\n  {PhoneCommands.ProfileUsage}\n  {PushCommand.Usage}\nRun 'userprofile <command> --help' for details.",
    };
}
