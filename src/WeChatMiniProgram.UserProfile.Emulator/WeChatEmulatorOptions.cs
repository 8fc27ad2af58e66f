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

    /// <summary>
    /// Gets or sets how long a getUserProfile call with <c>consent: "ask"</c> waits for someone to answer its prompt on the
    /// emulator's page; then it fails with <c>getUserProfile:fail timeout</c>.
    /// </summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Returns what is wrong with these options, if anything.</summary>
    /// <returns>One message per problem; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (CodeLifetime <= TimeSpan.Zero)
        {
            errors.Add("CodeLifetime must be positive.");
        }

        if (AskTimeout <= TimeSpan.Zero || AskTimeout.TotalMilliseconds > uint.MaxValue - 1)
        {
            errors.Add("AskTimeout must be positive and at most 49 days.");
        }

        if (string.IsNullOrEmpty(IdentitySeed))
        {
            errors.Add("IdentitySeed must not be empty.");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what an emulator keeps, so later changes to the caller's instance do not reach it.</summary>
    internal WeChatEmulatorOptions Clone() => new() { CodeLifetime = CodeLifetime, IdentitySeed = IdentitySeed, AskTimeout = AskTimeout };
}
