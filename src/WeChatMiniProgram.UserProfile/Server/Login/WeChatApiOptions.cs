using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Configures the clients of WeChat's server API: <see cref="WeChatLoginClient"/> and <see cref="WeChatAccessTokenProvider"/>.</summary>
public sealed class WeChatApiOptions
{
    /// <summary>WeChat's API host.</summary>
    public static readonly Uri DefaultApiBaseAddress = new("https://api.weixin.qq.com");

    /// <summary>Gets or sets the mini program's AppId. Required: "wx" followed by 16 lowercase hex digits.</summary>
    /// <value>The default value is <see langword="null"/>, which fails validation.</value>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the mini program's AppSecret. Required. It is sent to WeChat and never logged or shown.</summary>
    /// <value>The default value is <see langword="null"/>, which fails validation.</value>
    public string? AppSecret { get; set; }

    /// <summary>
    /// Gets or sets the base address of WeChat's API. Point it at a WeChat emulator for tests.
    /// </summary>
    /// <value>The default value is <see cref="DefaultApiBaseAddress"/>.</value>
    public Uri ApiBaseAddress { get; set; } = DefaultApiBaseAddress;

    /// <summary>
    /// Gets or sets how many times a call that WeChat answers with errcode -1 (system busy) is retried. Only -1 is
    /// retried; every other errcode is final.
    /// </summary>
    /// <value>The default value is 2. Must be between 0 and 10.</value>
    public int MaxBusyRetries { get; set; } = 2;

    /// <summary>Gets or sets the wait before the first retry; each further retry waits twice as long.</summary>
    /// <value>The default value is 200 milliseconds.</value>
    public TimeSpan BusyRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Lists every invalid setting, each named by its property (and configuration key). The AppSecret is never quoted.</summary>
    /// <returns>One sentence per invalid setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        OptionsErrors.CheckAppId(errors, AppId);
        if (AppSecret is null || AppSecret.Trim().Length == 0)
        {
            errors.Add("AppSecret is required: the mini program's AppSecret from the WeChat admin console.");
        }

        if (ApiBaseAddress is null || !ApiBaseAddress.IsAbsoluteUri || (ApiBaseAddress.Scheme != Uri.UriSchemeHttps && ApiBaseAddress.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("ApiBaseAddress must be an absolute http or https address, such as https://api.weixin.qq.com.");
        }

        if (MaxBusyRetries is < 0 or > 10)
        {
            errors.Add("MaxBusyRetries must be between 0 and 10.");
        }

        if (BusyRetryDelay < TimeSpan.Zero || BusyRetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add("BusyRetryDelay must be between zero and one minute.");
        }

        return errors;
    }

    /// <summary>The one copy of these options: what a client keeps, so later changes to the caller's instance do not reach it.</summary>
    internal WeChatApiOptions Clone() => new()
    {
        AppId = AppId,
        AppSecret = AppSecret,
        ApiBaseAddress = ApiBaseAddress,
        MaxBusyRetries = MaxBusyRetries,
        BusyRetryDelay = BusyRetryDelay,
    };

    /// <summary>Returns a description with the AppSecret redacted.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatApiOptions {{ AppId = {AppId}, AppSecret = (redacted), ApiBaseAddress = {ApiBaseAddress} }}";
}
