using System.Text;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>
/// A small seeded, bounded fuzzer for open-data fields. FsCheck, CsCheck and SharpFuzz are not on the package mirror,
/// so the mutations are written here: bit flips, truncation, extension, base64-alphabet abuse, whitespace,
/// the URL-safe alphabet, very long strings, empty and null, and non-ASCII.
/// </summary>
internal sealed class OpenDataMutator(int seed)
{
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static readonly string[] Junk = ["=", "==", "-", "_", "*", "%2B", "\0", ".", "中", "😀", "\uD800", "\u00e9", "\r\n", "\t", " ", "\"", "\\", "{", "}"];

    private readonly Random _random = new(seed);

    public static readonly string[] Kinds =
    [
        "bit-flip-bytes", "bit-flip-char", "truncate", "extend", "alphabet-abuse", "whitespace", "url-safe",
        "very-long", "empty", "null", "non-ascii", "case-flip", "swap-chars", "non-canonical", "unchanged",
    ];

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public string PickKind() => Kinds[_random.Next(Kinds.Length)];

    public string? Mutate(string? value, string kind)
    {
        value ??= string.Empty; // an earlier mutation in the same case may have made it null
        switch (kind)
        {
            case "bit-flip-bytes":
                try
                {
                    var bytes = Convert.FromBase64String(value);
                    if (bytes.Length == 0)
                    {
                        return value;
                    }

                    bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
                    return Convert.ToBase64String(bytes);
                }
                catch (FormatException)
                {
                    // Not base64 (rawData, a signature): flip a bit of one character instead.
                    return FlipChar(value);
                }

            case "bit-flip-char":
                return FlipChar(value);
            case "truncate":
                return value.Length == 0 ? value : value[.._random.Next(value.Length)];
            case "extend":
                return value + RandomBase64(_random.Next(1, 40));
            case "alphabet-abuse":
                return Insert(value, Junk[_random.Next(8)]);
            case "whitespace":
                return Insert(value, new[] { " ", "\t", "\n", "\r\n", "  " }[_random.Next(5)]);
            case "url-safe":
                return value.Replace('+', '-').Replace('/', '_');
            case "very-long":
                return string.Concat(Enumerable.Repeat(value.Length == 0 ? "A" : value, 1 + (20_000 / Math.Max(1, value.Length))));
            case "empty":
                return string.Empty;
            case "null":
                return null;
            case "non-ascii":
                return Insert(value, Junk[8 + _random.Next(4)]);
            case "case-flip":
                return FlipCase(value);
            case "swap-chars":
                return Swap(value);
            case "non-canonical":
                return NonCanonical(value);
            default:
                return value;
        }
    }

    /// <summary>
    /// Sets stray low bits in the last data character of a "==" base64 value (a session key, an iv): the same bytes to a
    /// lenient decoder, a different string to sign.
    /// </summary>
    private string NonCanonical(string value)
    {
        if (value.Length < 3 || !value.EndsWith("==", StringComparison.Ordinal))
        {
            return value;
        }

        var last = Base64Alphabet.IndexOf(value[^3], StringComparison.Ordinal);
        return last < 0 ? value : value[..^3] + Base64Alphabet[last | (1 + _random.Next(15))] + "==";
    }

    private string FlipChar(string value)
    {
        if (value.Length == 0)
        {
            return "A";
        }

        var chars = value.ToCharArray();
        var i = _random.Next(chars.Length);
        chars[i] = (char)(chars[i] ^ (1 << _random.Next(7)));
        return new string(chars);
    }

    private string Insert(string value, string text) => value.Insert(_random.Next(value.Length + 1), text);

    private string FlipCase(string value)
    {
        var builder = new StringBuilder(value);
        for (var n = 0; n < 1 + _random.Next(4) && builder.Length > 0; n++)
        {
            var i = _random.Next(builder.Length);
            var c = builder[i];
            builder[i] = char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
        }

        return builder.ToString();
    }

    private string Swap(string value)
    {
        if (value.Length < 2)
        {
            return value;
        }

        var chars = value.ToCharArray();
        var i = _random.Next(chars.Length - 1);
        (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        return new string(chars);
    }

    private string RandomBase64(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Base64Alphabet[_random.Next(Base64Alphabet.Length)];
        }

        return new string(chars);
    }
}
