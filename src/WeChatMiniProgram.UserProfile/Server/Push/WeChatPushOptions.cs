using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Configures <see cref="WeChatPushReceiver"/> and <see cref="WeChatPushWriter"/> for one mini program: the Token, the
/// EncodingAESKey and the mode set in the admin console (开发管理 → 消息推送), and the receiver's bounds. Bindable from
/// configuration (<c>WeChat:Push:Token</c>, <c>WeChat:Push:EncodingAesKey</c>, <c>WeChat:Push:Mode</c>).
/// </summary>
public sealed class WeChatPushOptions
{
    /// <summary>Gets or sets the mini program's AppId, which ends every encrypted message and is checked there.</summary>
    /// <value>The default value is <see langword="null"/>; required in compatible and secure mode.</value>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the Token (令牌) set in the admin console: 3 to 32 letters and digits. Never logged or shown.</summary>
    /// <value>The default value is <see langword="null"/>, which fails validation.</value>
    public string? Token { get; set; }

    /// <summary>
    /// Gets or sets the EncodingAESKey (消息加密密钥) set in the admin console: 43 letters and digits, the base64 of the
    /// AES-256 key without its <c>=</c>. Never logged or shown.
    /// </summary>
    /// <value>The default value is <see langword="null"/>; required in compatible and secure mode.</value>
    public string? EncodingAesKey { get; set; }

    /// <summary>Gets or sets the mode set in the admin console. A secure-mode receiver refuses a push in clear.</summary>
    /// <value>The default value is <see cref="WeChatPushMode.Secure"/>, which WeChat recommends.</value>
    public WeChatPushMode Mode { get; set; } = WeChatPushMode.Secure;

    /// <summary>Gets or sets how far a push's timestamp may be from now, either way; <see cref="TimeSpan.Zero"/> turns the check off.</summary>
    /// <value>The default value is 5 minutes. At most one day.</value>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets a value indicating whether a push whose timestamp and nonce were already received (within the
    /// <see cref="TimestampTolerance"/>) is refused. Remembered in this process: behind several instances, each refuses
    /// the replays it receives itself.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RefuseReplays { get; set; } = true;

    /// <summary>Gets or sets the largest body the receiver reads.</summary>
    /// <value>The default value is 64 KB. From 1 KB to 1 MB.</value>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Lists every invalid setting, each named by its property. The Token and the key are never quoted.</summary>
    /// <returns>One sentence per invalid setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Token is null || Token.Length is < 3 or > 32 || !Token.All(IsAsciiLetterOrDigit))
        {
            errors.Add("Token is required: 3 to 32 letters and digits, as set in the admin console (开发管理 → 消息推送).");
        }

        if (Mode is not (WeChatPushMode.Plaintext or WeChatPushMode.Compatible or WeChatPushMode.Secure))
        {
            errors.Add("Mode must be Plaintext, Compatible or Secure.");
        }
        else if (Mode != WeChatPushMode.Plaintext || EncodingAesKey is not null)
        {
            if (EncodingAesKey is null || EncodingAesKey.Length != 43 || !EncodingAesKey.All(IsAsciiLetterOrDigit))
            {
                errors.Add("EncodingAesKey must be the 43 letters and digits the admin console shows (required in compatible and secure mode).");
            }

            OptionsErrors.CheckAppId(errors, AppId);
        }

        if (TimestampTolerance < TimeSpan.Zero || TimestampTolerance > TimeSpan.FromDays(1))
        {
            errors.Add("TimestampTolerance must be between zero (off) and one day.");
        }

        if (MaxBodyBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add("MaxBodyBytes must be between 1024 and 1048576.");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a receiver keeps, so later changes to the caller's instance do not reach it.</summary>
    internal WeChatPushOptions Clone() => new()
    {
        AppId = AppId,
        Token = Token,
        EncodingAesKey = EncodingAesKey,
        Mode = Mode,
        TimestampTolerance = TimestampTolerance,
        RefuseReplays = RefuseReplays,
        MaxBodyBytes = MaxBodyBytes,
    };

    /// <summary>Returns a description with the Token and the key redacted.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatPushOptions {{ AppId = {AppId}, Token = (redacted), EncodingAesKey = (redacted), Mode = {Mode} }}";

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
