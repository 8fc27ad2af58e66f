using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary>
/// A userInfo object in a file, as <c>simulate --profile</c> and <c>serve --users</c> read it: WeChat's seven fields,
/// every one required, and a problem that names the field when one is missing.
/// </summary>
internal static class UserInfoFile
{
    /// <summary>The fields, in WeChat's order.</summary>
    public static readonly string[] Fields = ["nickName", "gender", "language", "city", "province", "country", "avatarUrl"];

    /// <summary>An example, for help texts and errors.</summary>
    public const string Example =
        "{\"nickName\":\"Carol\",\"gender\":2,\"language\":\"zh_CN\",\"city\":\"Guangzhou\",\"province\":\"Guangdong\",\"country\":\"China\",\"avatarUrl\":\"https://example.com/carol.png\"}";

    /// <summary>Reads one userInfo object; <paramref name="problem"/> says what is wrong when it returns <see langword="null"/>.</summary>
    public static UserInfo? Read(JsonElement element, out string? problem)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = $"a userInfo must be a JSON object such as {Example}";
            return null;
        }

        var missing = Fields.Where(field => !element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null).ToList();
        if (missing.Count > 0)
        {
            problem = $"{(missing.Count == 1 ? "the field" : "the fields")} {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing; "
                + $"a userInfo needs all of {string.Join(", ", Fields)}, such as {Example}";
            return null;
        }

        try
        {
            // UserProfileJson reads with nullable annotations respected: a null string field is a JsonException.
            var userInfo = element.Deserialize(ToolJson.For<UserInfo>());
            problem = userInfo is not null && Enum.IsDefined(userInfo.Gender) ? null : "gender must be 0 (unknown), 1 (male) or 2 (female)";
            return problem is null ? userInfo : null;
        }
        catch (JsonException ex)
        {
            problem = $"{ex.Message} A userInfo looks like {Example}";
            return null;
        }
    }
}
