namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Options of a <see cref="IWeChatSessionStore"/>; bindable from configuration (key <c>SessionLifetime</c>).</summary>
public sealed class WeChatSessionStoreOptions
{
    /// <summary>
    /// Gets or sets how long a session lives after its latest login. WeChat does not publish a session_key's lifetime
    /// (it ends when WeChat decides, or at the next login); past this, the backend asks the user to log in again.
    /// </summary>
    /// <value>The default value is 3 days. It must be positive.</value>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Lists every invalid setting, each named by its property (and configuration key).</summary>
    /// <returns>One sentence per invalid setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
        => SessionLifetime > TimeSpan.Zero ? [] : ["SessionLifetime must be positive (such as 3.00:00:00)."];

    /// <summary>The one copy of these options: what a store keeps, so later changes to the caller's instance do not reach it.</summary>
    internal WeChatSessionStoreOptions Clone() => new() { SessionLifetime = SessionLifetime };
}
