using System.Diagnostics;

namespace WeChatMiniProgram.UserProfile.Tests.Engines;

/// <summary>
/// The throwaway engines tests/with-engines.sh starts (tests/with-postgres.sh, tests/with-redis.sh). Without them the
/// tests that need one fail, saying how to start it; they are never skipped.
/// </summary>
public static class TestEngines
{
    public static string Redis => Required("USERPROFILE_TEST_REDIS", "Redis", "bash tests/with-redis.sh dotnet test", "apt-get install redis-server", "a StackExchange.Redis configuration string such as 127.0.0.1:6379");

    public static string Postgres => Required("USERPROFILE_TEST_POSTGRES", "PostgreSQL", "bash tests/with-postgres.sh dotnet test", "apt-get install postgresql", "an Npgsql connection string");

    public static int RedisPid => int.Parse(Required("USERPROFILE_TEST_REDIS_PID", "Redis", "bash tests/with-redis.sh dotnet test", "apt-get install redis-server", "the pid of that redis-server"), System.Globalization.CultureInfo.InvariantCulture);

    public static int PostgresPid => int.Parse(Required("USERPROFILE_TEST_POSTGRES_PID", "PostgreSQL", "bash tests/with-postgres.sh dotnet test", "apt-get install postgresql", "the pid of that postmaster"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Pauses a server and every process it started (SIGSTOP), as a hung engine looks to its clients.</summary>
    public static void Pause(int pid) => Signal("STOP", pid);

    /// <summary>Resumes what <see cref="Pause"/> paused.</summary>
    public static void Resume(int pid) => Signal("CONT", pid);

    private static void Signal(string signal, int pid)
    {
        Run("pkill", $"-{signal} -P {pid}", allowNoMatch: true);
        Run("kill", $"-{signal} {pid}", allowNoMatch: false);
    }

    private static void Run(string file, string arguments, bool allowNoMatch)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        process.WaitForExit();
        if (process.ExitCode != 0 && !(allowNoMatch && process.ExitCode == 1))
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {process.StandardError.ReadToEnd()}");
        }
    }

    private static string Required(string variable, string engine, string command, string install, string what)
        => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set, and these tests need {engine}. Run them with a throwaway server: '{command}' "
                + $"(or 'bash tests/with-engines.sh dotnet test' for both engines; Debian: {install} first), or set {variable} to {what}.");
}
