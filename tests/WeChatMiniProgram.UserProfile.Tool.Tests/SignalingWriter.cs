namespace WeChatMiniProgram.UserProfile.Tool.Tests;

/// <summary>
/// Captures output and completes <see cref="Signalled"/> with the first line that starts with a prefix: how a test
/// learns that 'userprofile serve' is listening, and on which address.
/// </summary>
internal sealed class SignalingWriter(string prefix) : StringWriter
{
    private readonly TaskCompletionSource<string> _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Signalled => _signalled.Task;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        Check(value);
    }

    public override Task WriteLineAsync(string? value)
    {
        Check(value);
        return base.WriteLineAsync(value);
    }

    private void Check(string? value)
    {
        if (value is not null && value.StartsWith(prefix, StringComparison.Ordinal))
        {
            _signalled.TrySetResult(value);
        }
    }
}
