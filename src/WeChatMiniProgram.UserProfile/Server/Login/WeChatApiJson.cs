using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>code2Session's reply, in WeChat's field names.</summary>
internal sealed record Code2SessionReply(
    [property: JsonPropertyName("openid")] string? OpenId,
    [property: JsonPropertyName("session_key")] string? SessionKey,
    [property: JsonPropertyName("unionid")] string? UnionId,
    [property: JsonPropertyName("errcode")] int? ErrCode,
    [property: JsonPropertyName("errmsg")] string? ErrMsg);

/// <summary>The body of <c>POST /cgi-bin/stable_token</c>.</summary>
internal sealed record StableTokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("force_refresh")] bool ForceRefresh);

/// <summary>The reply of the access-token APIs.</summary>
internal sealed record AccessTokenReply(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("errcode")] int? ErrCode,
    [property: JsonPropertyName("errmsg")] string? ErrMsg);

/// <summary>The reply of APIs that answer with an errcode only (checksession).</summary>
internal sealed record ErrCodeReply(
    [property: JsonPropertyName("errcode")] int? ErrCode,
    [property: JsonPropertyName("errmsg")] string? ErrMsg);

/// <summary>Source-generated JSON metadata for WeChat's server API.</summary>
[JsonSerializable(typeof(Code2SessionReply))]
[JsonSerializable(typeof(StableTokenRequest))]
[JsonSerializable(typeof(AccessTokenReply))]
[JsonSerializable(typeof(ErrCodeReply))]
internal sealed partial class WeChatApiJsonContext : JsonSerializerContext
{
}
