using System.Text.RegularExpressions;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>Configures a <see cref="PostgreSqlWeChatSessionStore"/>; bindable from configuration.</summary>
public sealed partial class PostgreSqlWeChatSessionStoreOptions
{
    /// <summary>Gets or sets the table the sessions live in, created on first use if missing: a plain lowercase identifier, optionally schema-qualified.</summary>
    /// <value>The default value is <c>userprofile_sessions</c>.</value>
    public string TableName { get; set; } = "userprofile_sessions";

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

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            errors.Add("Timeout must be positive and at most one minute (such as 00:00:05).");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a store keeps.</summary>
    internal PostgreSqlWeChatSessionStoreOptions Clone() => new() { TableName = TableName, Timeout = Timeout };

    [GeneratedRegex("^([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
