using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary>The <c>--app-id</c> rule of every command: the SDK's own AppId rule, so the tool accepts exactly what the APIs accept.</summary>
internal static class AppIdArgument
{
    /// <summary>Returns why <paramref name="appId"/> is not an AppId, or <see langword="null"/> when it is one.</summary>
    public static string? Problem(string appId)
        => new OpenDataOptions { AppId = appId }.GetValidationErrors() is [var first, ..] ? $"--app-id: {first} (not '{appId}')" : null;
}
