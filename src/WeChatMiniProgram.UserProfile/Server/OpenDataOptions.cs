using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The watermark rules open data must meet, for <see cref="UserProfileVerifier"/> and <see cref="OpenDataDecryptor"/>.
/// Validated once, when either is built; bindable from configuration (keys <c>AppId</c> and <c>MaxDataAge</c>).
/// </summary>
public sealed class OpenDataOptions
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
    /// <remarks>
    /// WeChat stamps the watermark when it encrypts, and a client posts the result at once, so a few minutes
    /// (<c>00:10:00</c>) is a good setting for a backend; it limits how long a captured result can be replayed.
    /// </remarks>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? MaxDataAge { get; set; }

    /// <summary>Lists every invalid setting, each named by its property (and configuration key).</summary>
    /// <returns>One sentence per invalid setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        OptionsErrors.CheckAppId(errors, AppId);
        if (MaxDataAge is { } age && age <= TimeSpan.Zero)
        {
            errors.Add("MaxDataAge must be positive (such as 00:10:00), or empty to turn the freshness check off.");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a verifier or decryptor keeps, so later changes to the caller's instance do not reach it.</summary>
    internal OpenDataOptions Clone() => new() { AppId = AppId, MaxDataAge = MaxDataAge };
}
