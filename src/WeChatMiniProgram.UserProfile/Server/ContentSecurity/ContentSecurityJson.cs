using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>msgSecCheck v2's body, in WeChat's field names.</summary>
internal sealed record TextCheckRequest(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("scene")] int Scene,
    [property: JsonPropertyName("content")] string Content);

/// <summary>mediaCheckAsync v2's body.</summary>
internal sealed record MediaCheckRequest(
    [property: JsonPropertyName("media_url")] string MediaUrl,
    [property: JsonPropertyName("media_type")] int MediaType,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("scene")] int Scene);

/// <summary>A verdict's <c>result</c>.</summary>
internal sealed record ContentResultReply(
    [property: JsonPropertyName("suggest")] string? Suggest,
    [property: JsonPropertyName("label")] int? Label);

/// <summary>One <c>detail</c> of a verdict.</summary>
internal sealed record ContentDetailReply(
    [property: JsonPropertyName("strategy")] string? Strategy,
    [property: JsonPropertyName("errcode")] int? ErrCode,
    [property: JsonPropertyName("suggest")] string? Suggest,
    [property: JsonPropertyName("label")] int? Label,
    [property: JsonPropertyName("prob")] int? Prob,
    [property: JsonPropertyName("keyword")] string? Keyword,
    [property: JsonPropertyName("level")] int? Level);

/// <summary>The reply of msgSecCheck and mediaCheckAsync v2, and the body of a <c>wxa_media_check</c> push.</summary>
internal sealed record ContentCheckReply(
    [property: JsonPropertyName("errcode")] int? ErrCode,
    [property: JsonPropertyName("errmsg")] string? ErrMsg,
    [property: JsonPropertyName("trace_id")] string? TraceId,
    [property: JsonPropertyName("result")] ContentResultReply? Result,
    [property: JsonPropertyName("detail")] IReadOnlyList<ContentDetailReply>? Detail);

/// <summary>Source-generated JSON metadata for the content-security APIs.</summary>
[JsonSerializable(typeof(TextCheckRequest))]
[JsonSerializable(typeof(MediaCheckRequest))]
[JsonSerializable(typeof(ContentCheckReply))]
internal sealed partial class ContentSecurityJsonContext : JsonSerializerContext
{
    /// <summary>Reads a <c>suggest</c>; <see langword="null"/> for a value WeChat does not document.</summary>
    public static ContentSuggest? ParseSuggest(string? suggest) => suggest switch
    {
        "pass" => ContentSuggest.Pass,
        "review" => ContentSuggest.Review,
        "risky" => ContentSuggest.Risky,
        _ => null,
    };

    /// <summary>The details of a reply, those with an undocumented suggest left out.</summary>
    public static IReadOnlyList<ContentCheckDetail> Details(IReadOnlyList<ContentDetailReply>? details)
        => details is null ? [] : [.. details
            .Where(static d => ParseSuggest(d.Suggest) is not null)
            .Select(static d => new ContentCheckDetail(d.Strategy ?? string.Empty, d.ErrCode ?? 0, ParseSuggest(d.Suggest)!.Value, d.Label ?? ContentLabels.Normal, d.Prob, d.Keyword, d.Level))];
}
