namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Options of a <see cref="IWeChatSessionStore"/>.</summary>
public sealed class WeChatSessionStoreOptions
{
    /// <summary>The default of <see cref="Lifetime"/>: 3 days.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(3);

    /// <summary>
    /// Gets or sets how long a session lives after its latest login. WeChat does not publish a session_key's lifetime
    /// (it ends when WeChat decides, or at the next login); past this, the backend asks the user to log in again.
    /// </summary>
    /// <value>The default value is <see cref="DefaultLifetime"/> (3 days). It must be positive.</value>
    public TimeSpan Lifetime { get; set; } = DefaultLifetime;

    /// <summary>Gets or sets the clock that stamps logins and expires sessions.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal WeChatSessionStoreOptions Validated()
    {
        if (Lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"WeChatSessionStoreOptions.Lifetime must be positive (it is {Lifetime}).", "options");
        }

        return new WeChatSessionStoreOptions { Lifetime = Lifetime, TimeProvider = TimeProvider ?? throw new ArgumentException("WeChatSessionStoreOptions.TimeProvider is required.", "options") };
    }
}
