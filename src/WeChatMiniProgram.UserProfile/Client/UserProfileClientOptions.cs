using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile;

/// <summary>Configures a <see cref="UserProfileClient"/>. Validated once, when the client is built.</summary>
public sealed class UserProfileClientOptions
{
    /// <summary>The first base library with getUserProfile.</summary>
    public static readonly Version MinimumBaseLibraryVersion = new(2, 10, 4);

    /// <summary>The first base library that returns the anonymised profile.</summary>
    public static readonly Version AnonymousProfileBaseLibraryVersion = new(2, 27, 1);

    /// <summary>The privacy agreement scope (WeChat's privacy_key) that covers the user's nickname and avatar.</summary>
    public const string UserInfoPrivacyScope = "UserInfo";

    /// <summary>
    /// Gets or sets the mini program's AppId. It goes into the watermark of encryptedData, which backends check.
    /// Required: "wx" followed by 16 lowercase hex digits, as WeChat issues it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>, which fails validation.</value>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the mini program's display name, shown in the consent prompt.</summary>
    /// <value>The default value is <c>"Mini Program"</c>.</value>
    public string AppName { get; set; } = "Mini Program";

    /// <summary>Gets or sets the base library version the host emulates.</summary>
    /// <value>The default value is 3.0.0.</value>
    public Version BaseLibraryVersion { get; set; } = new(3, 0, 0);

    /// <summary>Gets or sets the platform the host emulates. Only <see cref="HostPlatform.Weapp"/> has getUserProfile.</summary>
    /// <value>The default value is <see cref="HostPlatform.Weapp"/>.</value>
    public HostPlatform Platform { get; set; } = HostPlatform.Weapp;

    /// <summary>Gets or sets a value indicating whether cloud development is enabled, which adds a cloudID to results.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnableCloud { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether calls must come from a user tap, declared with <see cref="UserGesture.Begin"/>.
    /// WeChat enforces this rule; turn it off only for hosts with no notion of a tap, such as backend test harnesses.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireUserGesture { get; set; } = true;

    /// <summary>
    /// Gets or sets how many calls a client admits in any one-second window. WeChat allows 4 per user.
    /// 0 turns the limit off, for backend test harnesses and load tests.
    /// </summary>
    /// <value>The default value is 4. Must be between 0 and 1000.</value>
    public int MaxCallsPerSecond { get; set; } = 4;

    /// <summary>
    /// Gets or sets whether to return the anonymised profile WeChat has returned since base library 2.27.1
    /// (November 2022): nickname "微信用户", the default grey avatar, gender 0, empty regions, language zh_CN.
    /// <see langword="null"/> follows <see cref="BaseLibraryVersion"/>, as WeChat does: anonymised from 2.27.1 on.
    /// <see langword="false"/> is the explicit override for hosts that want the pre-2022 behaviour (the real profile)
    /// on any base library; <see langword="true"/> requires 2.27.1 or later.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: with the default base library 3.0.0, the profile is anonymised.</value>
    public bool? AnonymousProfile { get; set; }

    /// <summary>
    /// Gets or sets the scopes (WeChat's privacy_key values) the mini program's privacy agreement declares. Since
    /// October 2023 getUserProfile fails with errno 112 (<see cref="ErrMsgs.PrivacyScopeUndeclared"/>) unless the
    /// agreement declares <see cref="UserInfoPrivacyScope"/>.
    /// </summary>
    /// <value>The default value is a list holding <see cref="UserInfoPrivacyScope"/>: declared.</value>
    public ICollection<string> PrivacyAgreementScopes { get; set; } = new List<string> { UserInfoPrivacyScope };

    /// <summary>
    /// Gets or sets how long the consent prompt may stay unanswered before the call fails with <see cref="ErrMsgs.Timeout"/>.
    /// </summary>
    /// <value>The default value is <see cref="Timeout.InfiniteTimeSpan"/>: like WeChat, the prompt waits for the user.</value>
    public TimeSpan PromptTimeout { get; set; } = Timeout.InfiniteTimeSpan;


    /// <summary>Lists every invalid setting, each named by its property (and configuration key).</summary>
    /// <returns>One sentence per invalid setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        OptionsErrors.CheckAppId(errors, AppId);
        if (AppName is null)
        {
            errors.Add("AppName must not be null.");
        }

        if (BaseLibraryVersion is null)
        {
            errors.Add("BaseLibraryVersion must not be null.");
        }
        else if (AnonymousProfile == true && BaseLibraryVersion < AnonymousProfileBaseLibraryVersion)
        {
            errors.Add($"AnonymousProfile requires BaseLibraryVersion {AnonymousProfileBaseLibraryVersion} or later; older base libraries never anonymised the profile.");
        }

        if (!Enum.IsDefined(Platform))
        {
            errors.Add("Platform must be Weapp, H5 or ReactNative.");
        }

        if (MaxCallsPerSecond is < 0 or > 1000)
        {
            errors.Add("MaxCallsPerSecond must be between 0 (no limit) and 1000.");
        }

        if (PromptTimeout != Timeout.InfiniteTimeSpan && (PromptTimeout <= TimeSpan.Zero || PromptTimeout.TotalMilliseconds > uint.MaxValue - 1))
        {
            errors.Add("PromptTimeout must be positive and at most 49 days, or Timeout.InfiniteTimeSpan.");
        }

        if (PrivacyAgreementScopes is null || PrivacyAgreementScopes.Any(static scope => scope is null))
        {
            errors.Add("PrivacyAgreementScopes must not be null or hold null; leave UserInfoPrivacyScope out to emulate an undeclared scope.");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a client keeps, so later changes to the caller's instance do not reach it.</summary>
    internal UserProfileClientOptions Clone() => new()
    {
        AppId = AppId,
        AppName = AppName,
        BaseLibraryVersion = BaseLibraryVersion,
        Platform = Platform,
        EnableCloud = EnableCloud,
        RequireUserGesture = RequireUserGesture,
        MaxCallsPerSecond = MaxCallsPerSecond,
        AnonymousProfile = AnonymousProfile,
        PrivacyAgreementScopes = [.. PrivacyAgreementScopes],
        PromptTimeout = PromptTimeout,
    };
}
