using System.Text.Json.Serialization;
using WeChatMiniProgram.UserProfile.Serialization;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The language in which user information is displayed.
/// Matches the <c>lang</c> parameter of wx.getUserProfile: <c>"en"</c>, <c>"zh_CN"</c> or <c>"zh_TW"</c>.
/// </summary>
[JsonConverter(typeof(LanguageJsonConverter))]
public enum Language
{
    /// <summary>English, serialised as <c>"en"</c>. The default, as in wx.getUserProfile.</summary>
    En = 0,

    /// <summary>Simplified Chinese, serialised as <c>"zh_CN"</c>.</summary>
    ZhCN = 1,

    /// <summary>Traditional Chinese, serialised as <c>"zh_TW"</c>.</summary>
    ZhTW = 2,
}
