using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary>The push settings' command-line forms, shared by <c>push</c> and <c>serve</c>.</summary>
internal static class PushArguments
{
    /// <summary>A mode by its name (<c>plaintext</c>, <c>compatible</c>, <c>secure</c>); any other is outside the enumeration, which validation names.</summary>
    public static WeChatPushMode Mode(string? name) => name switch
    {
        "plaintext" => WeChatPushMode.Plaintext,
        "compatible" => WeChatPushMode.Compatible,
        "secure" => WeChatPushMode.Secure,
        _ => (WeChatPushMode)(-1),
    };

    /// <summary>Validation messages in the command line's names.</summary>
    public static string Explain(IEnumerable<string> errors, string prefix)
        => string.Join(" ", errors).Replace("EncodingAesKey", $"--{prefix}aes-key", StringComparison.Ordinal).Replace("AppId", "--app-id", StringComparison.Ordinal)
            .Replace("Token", $"--{prefix}token", StringComparison.Ordinal).Replace("Mode", $"--{prefix}mode", StringComparison.Ordinal);
}
