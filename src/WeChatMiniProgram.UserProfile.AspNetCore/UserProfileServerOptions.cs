using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The options of <see cref="UserProfileServer"/> in an ASP.NET Core app, bound from configuration (for example the
/// <c>WeChat</c> section: <c>WeChat:AppId</c>, <c>WeChat:AppSecret</c>, ..., or <c>WeChat__AppId</c> in the environment).
/// Validated once at start-up, with one message that names every problem by its key.
/// </summary>
/// <remarks>
/// One flat section over the core's options: each setting is stored in, defaulted by and validated by the core options
/// type it belongs to (<see cref="WeChatApiOptions"/>, <see cref="OpenDataOptions"/>, <see cref="WeChatSessionStoreOptions"/>),
/// so there is one default and one rule per setting, and each key is the property's name.
/// </remarks>
public sealed class UserProfileServerOptions
{
    /// <summary>Gets or sets the mini program's AppId: "wx" followed by 16 lowercase hex digits. Required.</summary>
    /// <value>The default value is <see langword="null"/>, which fails validation.</value>
    public string? AppId
    {
        get => Api.AppId;
        set
        {
            Api.AppId = value;
            OpenData.AppId = value;
        }
    }

    /// <summary>Gets or sets the mini program's AppSecret from the WeChat admin console. Required; never logged.</summary>
    /// <value>The default value is <see langword="null"/>, which fails validation.</value>
    public string? AppSecret { get => Api.AppSecret; set => Api.AppSecret = value; }

    /// <summary>Gets or sets the address of WeChat's server API: WeChat's own, or the emulator's in tests.</summary>
    /// <value>The default value is <see cref="WeChatApiOptions.DefaultApiBaseAddress"/> (https://api.weixin.qq.com).</value>
    public Uri ApiBaseAddress { get => Api.ApiBaseAddress; set => Api.ApiBaseAddress = value; }

    /// <summary>Gets or sets how many times a call WeChat answers with -1 (system busy) is retried.</summary>
    /// <value>The default value is <see cref="WeChatApiOptions.MaxBusyRetries"/>'s: 2.</value>
    public int MaxBusyRetries { get => Api.MaxBusyRetries; set => Api.MaxBusyRetries = value; }

    /// <summary>Gets or sets the wait before the first busy retry; each further retry waits twice as long.</summary>
    /// <value>The default value is <see cref="WeChatApiOptions.BusyRetryDelay"/>'s: 200 milliseconds.</value>
    public TimeSpan BusyRetryDelay { get => Api.BusyRetryDelay; set => Api.BusyRetryDelay = value; }

    /// <summary>
    /// Gets or sets how far a profile's watermark timestamp may be from now before the data is rejected as stale or
    /// replayed (<see cref="OpenDataError.DataExpired"/>). Empty turns the check off.
    /// </summary>
    /// <value>The default value is <see cref="OpenDataOptions.MaxDataAge"/>'s: <see langword="null"/>, off; <c>"00:10:00"</c> is a good setting.</value>
    public TimeSpan? MaxDataAge { get => OpenData.MaxDataAge; set => OpenData.MaxDataAge = value; }

    /// <summary>Gets or sets how long a session lives after the user's latest login.</summary>
    /// <value>The default value is <see cref="WeChatSessionStoreOptions.SessionLifetime"/>'s: 3 days.</value>
    public TimeSpan SessionLifetime { get => Sessions.SessionLifetime; set => Sessions.SessionLifetime = value; }

    /// <summary>
    /// Gets or sets a value indicating whether session keys are encrypted at rest with ASP.NET Core Data Protection
    /// before they reach the <c>IDistributedCache</c>. Turn it on when the cache is shared with other apps or people;
    /// every instance must then share one Data Protection key ring (PersistKeysTo..., SetApplicationName).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ProtectSessionKeys { get; set; }

    /// <summary>Gets or sets the prefix of the session entries' cache keys, followed by <c>{AppId}:{openid}</c>.</summary>
    /// <value>The default value is <c>userprofile:session:</c>.</value>
    public string SessionKeyPrefix { get; set; } = DistributedCacheWeChatSessionStore.DefaultKeyPrefix;

    /// <summary>
    /// Gets or sets the address WeChat reaches this backend at (<c>PublicBaseAddress</c>, such as
    /// <c>https://api.example.com/</c>), for the avatar URLs WeChat downloads to check (mediaCheckAsync) and the ones the
    /// profile answers. Unset, each request's own scheme and host are used: behind a load balancer they are the
    /// forwarded ones only where the app trusts them (<c>UseForwardedHeaders</c> with its known proxies).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the request's own address.</value>
    public Uri? PublicBaseAddress { get; set; }

    /// <summary>Gets or sets the largest avatar upload, in bytes (<c>PUT /profile/avatar</c>); a larger one is a 413 problem.</summary>
    /// <value>The default value is 10 MB (10485760), more than a phone camera's photo.</value>
    public int MaxAvatarBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the most pixels an avatar upload may declare (width × height), checked before it is decoded, so a
    /// small file that declares a huge image (a decompression bomb) is a 413 problem, not gigabytes of memory.
    /// </summary>
    /// <value>The default value is 50,000,000: a 48-megapixel phone photo.</value>
    public long MaxAvatarPixels { get; set; } = 50_000_000;

    /// <summary>
    /// Gets the message push's settings (section <c>Push</c>: <c>Token</c>, <c>EncodingAesKey</c>, <c>Mode</c>, as set in
    /// the admin console), for <c>MapWeChatPush</c>. Leave <c>Token</c> unset for an app without message push. Its AppId is
    /// this app's unless set.
    /// </summary>
    public WeChatPushOptions Push { get; } = new();

    /// <summary>Gets the WeChat API settings (AppId, AppSecret, ApiBaseAddress, the busy retries).</summary>
    internal WeChatApiOptions Api { get; } = new();

    /// <summary>Gets the watermark settings (AppId, MaxDataAge).</summary>
    internal OpenDataOptions OpenData { get; } = new();

    /// <summary>Gets the session settings (SessionLifetime).</summary>
    internal WeChatSessionStoreOptions Sessions { get; } = new();

    /// <summary>Lists every invalid setting by its key: the core options' own rules, then this package's.</summary>
    internal List<string> GetValidationErrors()
    {
        // AppId is in two core types with one rule; it is reported once.
        var errors = Api.GetValidationErrors().Concat(OpenData.GetValidationErrors()).Concat(Sessions.GetValidationErrors()).Distinct(StringComparer.Ordinal).ToList();
        if (string.IsNullOrEmpty(SessionKeyPrefix))
        {
            errors.Add("SessionKeyPrefix must not be empty.");
        }

        if (PublicBaseAddress is { } address && (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment)))
        {
            errors.Add("PublicBaseAddress must be an absolute http(s) address without query or fragment, such as https://api.example.com/.");
        }

        if (MaxAvatarBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add("MaxAvatarBytes must be between 1024 and 67108864 (64 MB).");
        }

        if (MaxAvatarPixels is < 4096 or > 200_000_000)
        {
            errors.Add("MaxAvatarPixels must be between 4096 and 200000000.");
        }

        if (PushEnabled)
        {
            errors.AddRange(Push.GetValidationErrors().Select(static e => "Push:" + e));
        }

        return errors;
    }

    /// <summary>Gets a value indicating whether message push is configured (<c>Push:Token</c> set).</summary>
    internal bool PushEnabled => !string.IsNullOrEmpty(Push.Token);
}
