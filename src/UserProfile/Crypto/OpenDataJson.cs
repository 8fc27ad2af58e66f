using System.Globalization;
using System.Text;

namespace UserProfile.Crypto;

/// <summary>
/// Writes userInfo JSON byte for byte as WeChat's rawData: WeChat's field order, and strings escaped the way
/// JavaScript's <c>JSON.stringify</c> escapes them (only quote, backslash, control characters and lone surrogates),
/// so CJK, emoji, '/', '+', '&lt;' and '&amp;' stay as they are.
/// </summary>
internal static class OpenDataJson
{
    /// <summary>Builds rawData: <c>{"nickName":..,"gender":..,"language":..,"city":..,"province":..,"country":..,"avatarUrl":..}</c>.</summary>
    public static string WriteRawData(UserInfo userInfo)
    {
        var builder = new StringBuilder(160);
        AppendUserInfoMembers(builder.Append('{'), userInfo);
        return builder.Append('}').ToString();
    }

    /// <summary>Builds the plaintext of encryptedData: rawData's members followed by the watermark.</summary>
    public static string WritePlaintext(UserInfo userInfo, long timestamp, string appId)
    {
        var builder = new StringBuilder(240);
        AppendUserInfoMembers(builder.Append('{'), userInfo);
        builder.Append(",\"watermark\":{\"timestamp\":").Append(timestamp.ToString(CultureInfo.InvariantCulture)).Append(",\"appid\":");
        AppendString(builder, appId);
        return builder.Append("}}").ToString();
    }

    private static void AppendUserInfoMembers(StringBuilder builder, UserInfo userInfo)
    {
        builder.Append("\"nickName\":");
        AppendString(builder, userInfo.NickName);
        builder.Append(",\"gender\":").Append(((int)userInfo.Gender).ToString(CultureInfo.InvariantCulture));
        builder.Append(",\"language\":");
        AppendString(builder, userInfo.Language);
        builder.Append(",\"city\":");
        AppendString(builder, userInfo.City);
        builder.Append(",\"province\":");
        AppendString(builder, userInfo.Province);
        builder.Append(",\"country\":");
        AppendString(builder, userInfo.Country);
        builder.Append(",\"avatarUrl\":");
        AppendString(builder, userInfo.AvatarUrl);
    }

    /// <summary>Appends <paramref name="value"/> as a JSON string literal, escaped as JSON.stringify escapes it.</summary>
    public static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\' && !char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++; // A well-formed pair (an emoji, say) is written as it is.
                continue;
            }

            builder.Append(value, runStart, i - runStart);
            runStart = i + 1;
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    // Other control characters and lone surrogates: \u plus four lowercase hex digits.
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }

        builder.Append(value, runStart, value.Length - runStart).Append('"');
    }
}
