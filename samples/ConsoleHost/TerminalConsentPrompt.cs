using WeChatMiniProgram.UserProfile;

namespace ConsoleHost;

/// <summary>Shows the consent prompt in the terminal and reads y/n from standard input.</summary>
internal sealed class TerminalConsentPrompt(TextReader input, TextWriter output) : IConsentPromptProvider
{
    public async ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"""
            ┌ {request.AppName} ({request.AppId}) asks for your profile
            │ Purpose: {request.Desc}
            │ Will share: nickname "{request.Preview.NickName}", avatar {request.Preview.AvatarUrl}
            └ Allow? [y/n]
            """.AsMemory(), cancellationToken);

        var answer = await input.ReadLineAsync(cancellationToken);
        return answer?.Trim().ToUpperInvariant() is "Y" or "YES" ? ConsentDecision.Allow : ConsentDecision.Deny;
    }
}
