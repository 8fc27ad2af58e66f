using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The kind of a JSON value.</summary>
internal enum JsonKind : byte
{
    String,
    Number,
    Object,
    Array,
    Literal,
}

/// <summary>One member of a JSON object: where its name (between the quotes) and its value sit in the input.</summary>
internal readonly record struct JsonMember(int NameStart, int NameLength, int ValueStart, int ValueLength, JsonKind Kind);

/// <summary>
/// A strict RFC 8259 reader for decrypted open data that never throws, so that the work after a decryption is the
/// same plain code path whatever the bytes are. It validates the whole document (UTF-8 included) and reports the
/// members of the top-level object.
/// </summary>
/// <remarks>
/// Stricter than JSON itself where open data never goes: a member name that appears twice in any object, a member name
/// with an escape sequence, an object with more than <see cref="MaxMembers"/> members, and nesting deeper than
/// <see cref="MaxDepth"/> are all rejected. String values may hold any escape JSON allows, lone surrogates included,
/// because JavaScript's <c>JSON.stringify</c> writes them.
/// </remarks>
// Its stackalloc'd member tables (64 members, 1.5 KB each) and char buffers are written before they are read, and
// only the written part is read: zeroing them on every call (three tables per profile) was pure cost.
[SkipLocalsInit]
internal static class StrictJson
{
#if NET8_0_OR_GREATER
    private static readonly System.Buffers.SearchValues<byte> PlainAscii = System.Buffers.SearchValues.Create(
        "\u0020!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);
#endif

    /// <summary>The deepest nesting accepted; WeChat's open data (WeRun's step list included) needs 3.</summary>
    public const int MaxDepth = 8;

    /// <summary>The most members one object may have; open data objects have a dozen at most.</summary>
    public const int MaxMembers = 64;

    private const int StackChars = 256;

    /// <summary>Reads <paramref name="json"/> as exactly one object and reports its members.</summary>
    /// <param name="json">The UTF-8 input.</param>
    /// <param name="members">At least <see cref="MaxMembers"/> slots for the top-level members.</param>
    /// <param name="count">How many members the object has.</param>
    /// <returns><see langword="true"/> when the input is one strict JSON object and nothing else.</returns>
    public static bool TryReadObject(ReadOnlySpan<byte> json, Span<JsonMember> members, out int count)
    {
        count = 0;
        var pos = SkipWhitespace(json, 0);
        if (pos >= json.Length || json[pos] != (byte)'{' || !TryObject(json, ref pos, 1, members, out count))
        {
            return false;
        }

        return SkipWhitespace(json, pos) == json.Length;
    }

    /// <summary>Finds the member named <paramref name="name"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> json, ReadOnlySpan<JsonMember> members, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (NameOf(json, members[i]).SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The raw bytes of a member's name (names never hold escapes).</summary>
    public static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> json, in JsonMember member) => json.Slice(member.NameStart, member.NameLength);

    /// <summary>The raw bytes of a member's value, quotes included for a string.</summary>
    public static ReadOnlySpan<byte> ValueOf(ReadOnlySpan<byte> json, in JsonMember member) => json.Slice(member.ValueStart, member.ValueLength);

    /// <summary>Reads a string member's value, unescaped; lone surrogate escapes become lone UTF-16 surrogates.</summary>
    public static bool TryGetString(ReadOnlySpan<byte> json, in JsonMember member, out string value)
    {
        value = string.Empty;
        if (member.Kind != JsonKind.String)
        {
            return false;
        }

        var utf8 = json.Slice(member.ValueStart + 1, member.ValueLength - 2);
        if (utf8.IndexOf((byte)'\\') < 0)
        {
            value = Encoding.UTF8.GetString(utf8);
            return true;
        }

        // Unescaping never makes a string longer in UTF-16 units than it is in UTF-8 bytes.
        char[]? rented = null;
        var chars = utf8.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var written = Unescape(utf8, chars);
            value = chars[..written].ToString();
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                chars.Clear();
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads a number member that is a plain integer (no fraction, no exponent) within <see cref="long"/>.</summary>
    public static bool TryGetInt64(ReadOnlySpan<byte> json, in JsonMember member, out long value)
    {
        value = 0;
        if (member.Kind != JsonKind.Number)
        {
            return false;
        }

        var text = ValueOf(json, member);
        return text.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0
            && Utf8Parser.TryParse(text, out value, out var consumed)
            && consumed == text.Length;
    }

    private static bool TryObject(ReadOnlySpan<byte> json, ref int pos, int depth, Span<JsonMember> members, out int count)
    {
        count = 0;
        if (depth > MaxDepth)
        {
            return false;
        }

        pos = SkipWhitespace(json, pos + 1);
        if (pos < json.Length && json[pos] == (byte)'}')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (pos >= json.Length || json[pos] != (byte)'"' || count == members.Length)
            {
                return false;
            }

            var nameStart = pos + 1;
            if (!TryString(json, ref pos, out var nameHasEscapes) || nameHasEscapes)
            {
                return false;
            }

            var nameLength = pos - 1 - nameStart;
            var name = json.Slice(nameStart, nameLength);
            for (var i = 0; i < count; i++)
            {
                if (NameOf(json, members[i]).SequenceEqual(name))
                {
                    return false;
                }
            }

            pos = SkipWhitespace(json, pos);
            if (pos >= json.Length || json[pos] != (byte)':')
            {
                return false;
            }

            pos = SkipWhitespace(json, pos + 1);
            var valueStart = pos;
            if (!TryValue(json, ref pos, depth, out var kind))
            {
                return false;
            }

            members[count++] = new JsonMember(nameStart, nameLength, valueStart, pos - valueStart, kind);
            pos = SkipWhitespace(json, pos);
            if (pos >= json.Length)
            {
                return false;
            }

            if (json[pos] == (byte)'}')
            {
                pos++;
                return true;
            }

            if (json[pos] != (byte)',')
            {
                return false;
            }

            pos = SkipWhitespace(json, pos + 1);
        }
    }

    private static bool TryValue(ReadOnlySpan<byte> json, ref int pos, int depth, out JsonKind kind)
    {
        kind = JsonKind.Literal;
        if (pos >= json.Length)
        {
            return false;
        }

        switch (json[pos])
        {
            case (byte)'"':
                kind = JsonKind.String;
                return TryString(json, ref pos, out _);
            case (byte)'{':
                kind = JsonKind.Object;
                Span<JsonMember> nested = stackalloc JsonMember[MaxMembers];
                return TryObject(json, ref pos, depth + 1, nested, out _);
            case (byte)'[':
                kind = JsonKind.Array;
                return TryArray(json, ref pos, depth + 1);
            case (byte)'t':
                return TryLiteral(json, ref pos, "true"u8);
            case (byte)'f':
                return TryLiteral(json, ref pos, "false"u8);
            case (byte)'n':
                return TryLiteral(json, ref pos, "null"u8);
            default:
                kind = JsonKind.Number;
                return TryNumber(json, ref pos);
        }
    }

    private static bool TryArray(ReadOnlySpan<byte> json, ref int pos, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        pos = SkipWhitespace(json, pos + 1);
        if (pos < json.Length && json[pos] == (byte)']')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (!TryValue(json, ref pos, depth, out _))
            {
                return false;
            }

            pos = SkipWhitespace(json, pos);
            if (pos >= json.Length)
            {
                return false;
            }

            if (json[pos] == (byte)']')
            {
                pos++;
                return true;
            }

            if (json[pos] != (byte)',')
            {
                return false;
            }

            pos = SkipWhitespace(json, pos + 1);
        }
    }

    private static bool TryLiteral(ReadOnlySpan<byte> json, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!json[pos..].StartsWith(literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }

    /// <summary>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private static bool TryNumber(ReadOnlySpan<byte> json, ref int pos)
    {
        if (pos < json.Length && json[pos] == (byte)'-')
        {
            pos++;
        }

        if (pos >= json.Length || !IsDigit(json[pos]))
        {
            return false;
        }

        if (json[pos++] != (byte)'0')
        {
            SkipDigits(json, ref pos);
        }

        if (pos < json.Length && json[pos] == (byte)'.')
        {
            pos++;
            if (pos >= json.Length || !IsDigit(json[pos]))
            {
                return false;
            }

            SkipDigits(json, ref pos);
        }

        if (pos < json.Length && (json[pos] | 0x20) == (byte)'e')
        {
            pos++;
            if (pos < json.Length && json[pos] is (byte)'+' or (byte)'-')
            {
                pos++;
            }

            if (pos >= json.Length || !IsDigit(json[pos]))
            {
                return false;
            }

            SkipDigits(json, ref pos);
        }

        return true;
    }

    /// <summary>Reads a string from its opening quote to just past its closing quote, validating escapes and UTF-8.</summary>
    private static bool TryString(ReadOnlySpan<byte> json, ref int pos, out bool hasEscapes)
    {
        hasEscapes = false;
        pos++;
        while (pos < json.Length)
        {
#if NET8_0_OR_GREATER
            // Printable ASCII other than '"' and '\\' needs no check: skip runs of it in vector-sized steps.
            var plain = json[pos..].IndexOfAnyExcept(PlainAscii);
            if (plain < 0)
            {
                return false;
            }

            pos += plain;
#endif
            var b = json[pos];
            if (b == (byte)'"')
            {
                pos++;
                return true;
            }

            if (b == (byte)'\\')
            {
                hasEscapes = true;
                if (++pos >= json.Length)
                {
                    return false;
                }

                switch (json[pos])
                {
                    case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                        pos++;
                        break;
                    case (byte)'u':
                        if (pos + 4 >= json.Length || !TryHex4(json.Slice(pos + 1, 4), out _))
                        {
                            return false;
                        }

                        pos += 5;
                        break;
                    default:
                        return false;
                }
            }
            else if (b < 0x20)
            {
                return false;
            }
            else if (b < 0x80)
            {
                pos++;
            }
            else
            {
                var length = Utf8SequenceLength(json[pos..]);
                if (length == 0)
                {
                    return false;
                }

                pos += length;
            }
        }

        return false;
    }

    /// <summary>
    /// The length of the well-formed UTF-8 sequence at the start of <paramref name="s"/> (Unicode table 3-7), or 0:
    /// overlong forms, encoded surrogates, code points above U+10FFFF and stray continuation bytes are all ill-formed.
    /// </summary>
    private static int Utf8SequenceLength(ReadOnlySpan<byte> s)
    {
        var lead = s[0];
        int length;
        byte secondMin = 0x80, secondMax = 0xBF;
        switch (lead)
        {
            case >= 0xC2 and <= 0xDF: length = 2; break;
            case 0xE0: length = 3; secondMin = 0xA0; break;
            case >= 0xE1 and <= 0xEC or 0xEE or 0xEF: length = 3; break;
            case 0xED: length = 3; secondMax = 0x9F; break;
            case 0xF0: length = 4; secondMin = 0x90; break;
            case >= 0xF1 and <= 0xF3: length = 4; break;
            case 0xF4: length = 4; secondMax = 0x8F; break;
            default: return 0;
        }

        if (s.Length < length || s[1] < secondMin || s[1] > secondMax)
        {
            return 0;
        }

        for (var i = 2; i < length; i++)
        {
            if (s[i] is < 0x80 or > 0xBF)
            {
                return 0;
            }
        }

        return length;
    }

    /// <summary>Unescapes a validated string body into UTF-16 and returns the number of chars written.</summary>
    private static int Unescape(ReadOnlySpan<byte> utf8, Span<char> destination)
    {
        var written = 0;
        while (!utf8.IsEmpty)
        {
            var backslash = utf8.IndexOf((byte)'\\');
            var run = backslash < 0 ? utf8 : utf8[..backslash];
            written += Encoding.UTF8.GetChars(run, destination[written..]);
            if (backslash < 0)
            {
                break;
            }

            var escape = utf8[backslash + 1];
            if (escape == (byte)'u')
            {
                TryHex4(utf8.Slice(backslash + 2, 4), out var unit);
                destination[written++] = (char)unit;
                utf8 = utf8[(backslash + 6)..];
            }
            else
            {
                destination[written++] = escape switch
                {
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => (char)escape, // '"', '\\' and '/' stand for themselves
                };
                utf8 = utf8[(backslash + 2)..];
            }
        }

        return written;
    }

    private static bool TryHex4(ReadOnlySpan<byte> hex, out int value)
    {
        value = 0;
        foreach (var h in hex)
        {
            int digit = h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => h - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int pos)
    {
        while (pos < json.Length && json[pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            pos++;
        }

        return pos;
    }

    private static void SkipDigits(ReadOnlySpan<byte> json, ref int pos)
    {
        while (pos < json.Length && IsDigit(json[pos]))
        {
            pos++;
        }
    }

    private static bool IsDigit(byte b) => b - (uint)'0' <= 9;
}
