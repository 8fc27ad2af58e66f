using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Configures a <see cref="UserProfileVerifier"/>. Validated once, when the verifier is built.</summary>
public sealed class UserProfileVerifierOptions
{
    /// <summary>
    /// Gets or sets the mini program's AppId; every decrypted watermark must carry it. Required: "wx" followed by 16
    /// lowercase hex digits, as WeChat issues it (a watermark is compared exactly, so any other form would fail every call).
    /// </summary>
    /// <value>The default value is <see langword="null"/>, which fails validation.</value>
    public string? AppId { get; set; }

    /// <summary>
    /// Gets or sets how far the watermark timestamp may be from now, in either direction, before data is rejected
    /// as <see cref="OpenDataError.DataExpired"/>. <see langword="null"/> turns the freshness check off.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? MaxDataAge { get; set; }

    /// <summary>Gets or sets the clock for the freshness check.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks every option and throws one exception that names each invalid one.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (AppId is null or "")
        {
            errors.Add($"AppId is required: {AppIdFormat.Description}.");
        }
        else if (!AppIdFormat.IsValid(AppId))
        {
            errors.Add($"AppId must be {AppIdFormat.Description}.");
        }

        if (MaxDataAge is { } age && age <= TimeSpan.Zero)
        {
            errors.Add("MaxDataAge must be positive, or null to turn the freshness check off.");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider must not be null.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid UserProfileVerifierOptions: " + string.Join(" ", errors), "options");
        }
    }
}
