namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>Configures a <see cref="WeChatEmulator"/>.</summary>
public sealed class WeChatEmulatorOptions
{
    /// <summary>Gets or sets how long a login code can be exchanged; WeChat's codes live 5 minutes.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the seed openids and unionids are derived from, so they are stable per (app, user) across runs
    /// with the same seed and opaque to the backend.
    /// </summary>
    /// <value>The default value is <c>"userprofile-emulator"</c>.</value>
    public string IdentitySeed { get; set; } = "userprofile-emulator";

    /// <summary>The one copy of these options: what an emulator keeps, so later changes to the caller's instance do not reach it.</summary>
    internal WeChatEmulatorOptions Clone() => new() { CodeLifetime = CodeLifetime, IdentitySeed = IdentitySeed };
}
