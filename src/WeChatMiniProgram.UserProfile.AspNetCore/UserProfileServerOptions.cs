using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The options of <see cref="UserProfileServer"/> in an ASP.NET Core app, bound from configuration (for example the
/// <c>WeChat</c> section: <c>WeChat:AppId</c>, <c>WeChat:AppSecret</c>, ..., or <c>WeChat__AppId</c> in the environment).
/// Validated once at start-up, with one message that names every problem.
/// </summary>
public sealed class UserProfileServerOptions
{
    /// <summary>Gets or sets the mini program's AppId: "wx" followed by 16 lowercase hex digits. Required.</summary>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the mini program's AppSecret from the WeChat admin console. Required; never logged.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Gets or sets the address of WeChat's server API: WeChat's own, or the UserProfile emulator's in tests.</summary>
    /// <value>The default value is <see cref="WeChatApiOptions.DefaultApiBaseAddress"/> (https://api.weixin.qq.com).</value>
    public Uri ApiBaseAddress { get; set; } = WeChatApiOptions.DefaultApiBaseAddress;

    /// <summary>
    /// Gets or sets how far a profile's watermark timestamp may be from now before the data is rejected as stale or
    /// replayed (<see cref="OpenDataError.DataExpired"/>). <see langword="null"/> turns the check off.
    /// </summary>
    /// <value>The default value is 10 minutes (configuration: <c>"00:10:00"</c>).</value>
    public TimeSpan? MaxDataAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long a session lives after the user's latest login.</summary>
    /// <value>The default value is <see cref="WeChatSessionStoreOptions.DefaultLifetime"/> (3 days).</value>
    public TimeSpan SessionLifetime { get; set; } = WeChatSessionStoreOptions.DefaultLifetime;

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
}
