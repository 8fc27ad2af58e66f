using System.Text.RegularExpressions;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>Configures the PostgreSQL stores (<see cref="PostgreSqlWeChatSessionStore"/>, <see cref="PostgreSqlWeChatProfileStore"/>, <see cref="PostgreSqlWeChatAvatarStore"/>); bindable from configuration.</summary>
public sealed partial class PostgreSqlWeChatSessionStoreOptions
{
    /// <summary>Gets or sets the table the sessions live in, created on first use if missing: a plain lowercase identifier, optionally schema-qualified.</summary>
    /// <value>The default value is <c>userprofile_sessions</c>.</value>
    public string TableName { get; set; } = "userprofile_sessions";

    /// <summary>Gets or sets the table of kept profiles (one row per user, encrypted at rest), created on first use.</summary>
    /// <value>The default value is <c>userprofile_profiles</c>.</value>
    public string ProfileTableName { get; set; } = "userprofile_profiles";

    /// <summary>Gets or sets the table of avatar images (one row per image, encrypted at rest), created on first use.</summary>
    /// <value>The default value is <c>userprofile_avatars</c>.</value>
    public string AvatarTableName { get; set; } = "userprofile_avatars";

    /// <summary>Gets or sets the table of the avatars WeChat is checking (mediaCheckAsync's trace ids), created on first use.</summary>
    /// <value>The default value is <c>userprofile_media_checks</c>.</value>
    public string MediaCheckTableName { get; set; } = "userprofile_media_checks";

    /// <summary>
    /// Gets or sets a value indicating whether the app's Data Protection key ring is kept in the database (the table
    /// <see cref="DataProtectionKeysTableName"/>), so every instance shares it with no more set-up. Turn it off only
    /// when the app persists its key ring elsewhere (<c>PersistKeysTo…</c>), shared by every instance.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool PersistDataProtectionKeys { get; set; } = true;

    /// <summary>Gets or sets the table of the Data Protection key ring, created on first use.</summary>
    /// <value>The default value is <c>userprofile_dataprotection_keys</c>.</value>
    public string DataProtectionKeysTableName { get; set; } = "userprofile_dataprotection_keys";

    /// <summary>
    /// Gets or sets how long one store operation may take, a contended row lock included, before it fails as
    /// <c>SessionStoreUnavailableException</c>: a stopped or paused database is an answer within this time, never a hang.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lists every invalid setting, each named by its property (and configuration key).</summary>
    /// <returns>One sentence per invalid setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (TableName is null || !TableNamePattern().IsMatch(TableName))
        {
            errors.Add("TableName must be a lowercase SQL identifier (letters, digits, _), optionally schema-qualified, such as userprofile_sessions.");
        }

        foreach (var (name, value) in new[] { (nameof(ProfileTableName), ProfileTableName), (nameof(AvatarTableName), AvatarTableName), (nameof(MediaCheckTableName), MediaCheckTableName), (nameof(DataProtectionKeysTableName), DataProtectionKeysTableName) })
        {
            if (value is null || !TableNamePattern().IsMatch(value))
            {
                errors.Add($"{name} must be a lowercase SQL identifier (letters, digits, _), optionally schema-qualified.");
            }
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            errors.Add("Timeout must be positive and at most one minute (such as 00:00:05).");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a store keeps.</summary>
    internal PostgreSqlWeChatSessionStoreOptions Clone() => new()
    {
        TableName = TableName,
        ProfileTableName = ProfileTableName,
        AvatarTableName = AvatarTableName,
        MediaCheckTableName = MediaCheckTableName,
        PersistDataProtectionKeys = PersistDataProtectionKeys,
        DataProtectionKeysTableName = DataProtectionKeysTableName,
        Timeout = Timeout,
    };

    [GeneratedRegex("^([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
