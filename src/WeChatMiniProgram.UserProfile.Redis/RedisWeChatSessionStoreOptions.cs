namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>Configures a <see cref="RedisWeChatSessionStore"/>; bindable from configuration.</summary>
public sealed class RedisWeChatSessionStoreOptions
{
    /// <summary>Gets or sets the prefix of the session entries' keys, followed by <c>{AppId}:{openid}</c>.</summary>
    /// <value>The default value is <c>userprofile:session:</c>.</value>
    public string KeyPrefix { get; set; } = "userprofile:session:";

    /// <summary>
    /// Gets or sets how long one store operation may take, retries of a contended merge included, before it fails as
    /// <c>SessionStoreUnavailableException</c>: a stopped or paused Redis is an answer within this time, never a hang.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lists every invalid setting, each named by its property (and configuration key).</summary>
    /// <returns>One sentence per invalid setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(KeyPrefix))
        {
            errors.Add("KeyPrefix must not be empty.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            errors.Add("Timeout must be positive and at most one minute (such as 00:00:05).");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a store keeps.</summary>
    internal RedisWeChatSessionStoreOptions Clone() => new() { KeyPrefix = KeyPrefix, Timeout = Timeout };
}
