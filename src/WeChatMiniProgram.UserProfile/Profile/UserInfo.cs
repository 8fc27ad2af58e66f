using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The user's public profile: the <c>userInfo</c> object of wx.getUserProfile.
/// It holds no identifiers; openId and unionId are never part of it.
/// </summary>
/// <remarks>Properties are declared in WeChat's rawData field order.</remarks>
public sealed record UserInfo
{
    /// <summary>Gets or sets the user's nickname.</summary>
    /// <value>The default value is an empty string.</value>
    [JsonPropertyName("nickName")]
    public string NickName { get; set; } = string.Empty;

    /// <summary>Gets or sets the user's gender.</summary>
    /// <value>The default value is <see cref="Gender.Unknown"/>.</value>
    [JsonPropertyName("gender")]
    public Gender Gender { get; set; }

    /// <summary>
    /// Gets or sets the language of the user's WeChat client, such as <c>"zh_CN"</c>. This is the user's own
    /// setting, not <see cref="Option.Lang"/>, which only selects the language of the region names.
    /// </summary>
    /// <value>The default value is <c>"en"</c>.</value>
    [JsonPropertyName("language")]
    public string Language { get; set; } = "en";

    /// <summary>Gets or sets the user's city, in the requested language.</summary>
    /// <value>The default value is an empty string.</value>
    [JsonPropertyName("city")]
    public string City { get; set; } = string.Empty;

    /// <summary>Gets or sets the user's province, in the requested language.</summary>
    /// <value>The default value is an empty string.</value>
    [JsonPropertyName("province")]
    public string Province { get; set; } = string.Empty;

    /// <summary>Gets or sets the user's country, in the requested language.</summary>
    /// <value>The default value is an empty string.</value>
    [JsonPropertyName("country")]
    public string Country { get; set; } = string.Empty;

    /// <summary>Gets or sets the URL of the user's avatar.</summary>
    /// <value>The default value is an empty string.</value>
    [JsonPropertyName("avatarUrl")]
    public string AvatarUrl { get; set; } = string.Empty;

    /// <summary>Returns a description with the personal data redacted, so a profile logged by mistake leaks nothing.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => "UserInfo { personal data redacted }";
}
