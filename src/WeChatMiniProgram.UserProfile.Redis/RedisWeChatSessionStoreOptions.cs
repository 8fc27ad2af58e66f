namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>Configures the Redis stores (<see cref="RedisWeChatSessionStore"/>, <see cref="RedisWeChatProfileStore"/>, <see cref="RedisWeChatAvatarStore"/>); bindable from configuration.</summary>
public sealed class RedisWeChatSessionStoreOptions
{
    /// <summary>Gets or sets the prefix of the session entries' keys, followed by <c>{AppId}:{openid}</c>.</summary>
    /// <value>The default value is <c>userprofile:session:</c>.</value>
    public string KeyPrefix { get; set; } = "userprofile:session:";

    /// <summary>
    /// Gets or sets the prefix of the kept profiles' keys: <c>user:{AppId}:{openid}</c> (a profile), <c>image:{id}</c>
    /// (an avatar), <c>images:{AppId}:{openid}</c> (a user's avatars), <c>check:{trace id}</c> (an avatar being checked).
    /// </summary>
    /// <value>The default value is <c>userprofile:profile:</c>.</value>
    public string ProfileKeyPrefix { get; set; } = "userprofile:profile:";

    /// <summary>
    /// Gets or sets a value indicating whether the app's Data Protection key ring is kept in Redis (the list
    /// <see cref="DataProtectionKey"/>), so every instance shares it with no more set-up. Turn it off only when the app
    /// persists its key ring elsewhere (<c>PersistKeysTo…</c>), shared by every instance.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool PersistDataProtectionKeys { get; set; } = true;

    /// <summary>Gets or sets the key of the list that holds the Data Protection key ring.</summary>
    /// <value>The default value is <c>userprofile:dataprotection-keys</c>.</value>
    public string DataProtectionKey { get; set; } = "userprofile:dataprotection-keys";

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

        if (string.IsNullOrEmpty(ProfileKeyPrefix) || string.Equals(ProfileKeyPrefix, KeyPrefix, StringComparison.Ordinal))
        {
            errors.Add("ProfileKeyPrefix must not be empty, nor the sessions' KeyPrefix.");
        }

        if (string.IsNullOrEmpty(DataProtectionKey))
        {
            errors.Add("DataProtectionKey must not be empty.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            errors.Add("Timeout must be positive and at most one minute (such as 00:00:05).");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a store keeps.</summary>
    internal RedisWeChatSessionStoreOptions Clone() => new()
    {
        KeyPrefix = KeyPrefix,
        ProfileKeyPrefix = ProfileKeyPrefix,
        PersistDataProtectionKeys = PersistDataProtectionKeys,
        DataProtectionKey = DataProtectionKey,
        Timeout = Timeout,
    };
}
