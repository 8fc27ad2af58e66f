using System.ComponentModel;
using System.Diagnostics;

namespace WeChatMiniProgram.UserProfile.Tests.Shared;

/// <summary>
/// Starts Node.js for the interop tests. Without Node.js 20 on PATH they fail with one message that says what to
/// install; they are never skipped.
/// </summary>
public static class NodeJs
{
    public const string Missing =
        "The interop tests need Node.js 20 or later on PATH, and 'node' was not found. Install it (https://nodejs.org, "
        + "or 'apt-get install nodejs' on Debian and Ubuntu) and run the tests again.";

    /// <summary>Starts <paramref name="executable"/> (node) with the script and arguments of <paramref name="start"/>.</summary>
    public static Process Start(ProcessStartInfo start, string executable = "node")
    {
        start.FileName = executable;
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException(Missing);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(Missing, ex);
        }
    }
}
