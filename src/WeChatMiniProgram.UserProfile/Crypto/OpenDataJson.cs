using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace WeChatMiniProgram.UserProfile.Crypto;

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
        // Measure first, then write once into the final string: no builder, no copies.
        var length = 1 + Member("nickName", userInfo.NickName, first: true) + GenderMember(userInfo.Gender)
            + Member("language", userInfo.Language) + Member("city", userInfo.City) + Member("province", userInfo.Province)
            + Member("country", userInfo.Country) + Member("avatarUrl", userInfo.AvatarUrl) + 1;

        return string.Create(length, userInfo, static (span, info) =>
        {
            var at = 0;
            span[at++] = '{';
            at += WriteMember(span[at..], "\"nickName\":", info.NickName);
            at += Write(span[at..], ",\"gender\":");
            ((int)info.Gender).TryFormat(span[at..], out var written, default, CultureInfo.InvariantCulture);
            at += written;
            at += WriteMember(span[at..], ",\"language\":", info.Language);
            at += WriteMember(span[at..], ",\"city\":", info.City);
            at += WriteMember(span[at..], ",\"province\":", info.Province);
            at += WriteMember(span[at..], ",\"country\":", info.Country);
            at += WriteMember(span[at..], ",\"avatarUrl\":", info.AvatarUrl);
            span[at] = '}';
        });
    }

    /// <summary>
    /// Writes the UTF-8 plaintext of encryptedData into <paramref name="destination"/>: rawData's members followed by
    /// <c>"watermark":{"timestamp":..,"appid":..}</c>. Returns the byte count.
    /// </summary>
    /// <remarks>The AppId is validated to ASCII letters, digits, '_' and '-', so it needs no escaping.</remarks>
    public static int WritePlaintext(string rawData, long timestamp, string appId, Span<byte> destination)
    {
        var at = Encoding.UTF8.GetBytes(rawData.AsSpan(0, rawData.Length - 1), destination);
        at += Copy(",\"watermark\":{\"timestamp\":"u8, destination[at..]);
        Utf8Formatter.TryFormat(timestamp, destination[at..], out var written);
        at += written;
        at += Copy(",\"appid\":\""u8, destination[at..]);
        at += Encoding.UTF8.GetBytes(appId, destination[at..]);
        at += Copy("\"}}"u8, destination[at..]);
        return at;
    }

    /// <summary>The most bytes <see cref="WritePlaintext"/> can write.</summary>
    public static int MaxPlaintextLength(string rawData, string appId)
        => Encoding.UTF8.GetMaxByteCount(rawData.Length + appId.Length) + 64;

    private static int Member(string name, string value, bool first = false) => (first ? 0 : 1) + name.Length + 3 + EscapedLength(value) + 2;

    private static int GenderMember(Gender gender) => ",\"gender\":".Length + ((int)gender).ToString(CultureInfo.InvariantCulture).Length;

    private static int WriteMember(Span<char> destination, string prefix, string value)
    {
        var at = Write(destination, prefix);
        destination[at++] = '"';
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (NeedsEscape(value, ref i))
            {
                at += Write(destination[at..], value.AsSpan(runStart, i - runStart));
                at += Escape(value[i], destination[at..]);
                runStart = i + 1;
            }
        }

        at += Write(destination[at..], value.AsSpan(runStart));
        destination[at++] = '"';
        return at;
    }

    private static int EscapedLength(string value)
    {
        var length = value.Length;
        for (var i = 0; i < value.Length; i++)
        {
            if (NeedsEscape(value, ref i))
            {
                length += value[i] is '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' ? 1 : 5;
            }
        }

        return length;
    }

    /// <summary>
    /// Whether the character at <paramref name="i"/> must be escaped. A well-formed surrogate pair (an emoji, say) is
    /// written as it is: <paramref name="i"/> then moves past its low half.
    /// </summary>
    private static bool NeedsEscape(string value, ref int i)
    {
        var c = value[i];
        if (c >= 0x20 && c != '"' && c != '\\' && !char.IsSurrogate(c))
        {
            return false;
        }

        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
        {
            i++;
            return false;
        }

        return true;
    }

    /// <summary>Writes the JSON.stringify escape of <paramref name="c"/>: a short escape, or \u and four lowercase hex digits.</summary>
    private static int Escape(char c, Span<char> destination)
    {
        var shortEscape = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\f' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        destination[0] = '\\';
        if (shortEscape != '\0')
        {
            destination[1] = shortEscape;
            return 2;
        }

        destination[1] = 'u';
        ((int)c).TryFormat(destination[2..], out _, "x4", CultureInfo.InvariantCulture);
        return 6;
    }

    private static int Write(Span<char> destination, ReadOnlySpan<char> text)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
