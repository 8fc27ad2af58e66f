using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>A session entry as every shared store keeps it (<see cref="WeChatSessionFormat"/>). Times are Unix milliseconds.</summary>
internal sealed class StoredSession
{
    [JsonPropertyName("v")]
    public int Version { get; set; }

    [JsonPropertyName("appid")]
    public string? AppId { get; set; }

    [JsonPropertyName("openid")]
    public string? OpenId { get; set; }

    [JsonPropertyName("unionid")]
    public string? UnionId { get; set; }

    [JsonPropertyName("session_key")]
    public string? SessionKey { get; set; }

    [JsonPropertyName("issued_at")]
    public long IssuedAt { get; set; }

    [JsonPropertyName("previous_session_key")]
    public string? PreviousSessionKey { get; set; }

    [JsonPropertyName("previous_issued_at")]
    public long? PreviousIssuedAt { get; set; }

    public override string ToString() => "StoredSession { keys redacted }";
}

[JsonSerializable(typeof(StoredSession))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SessionStoreJsonContext : JsonSerializerContext;
