#if NETSTANDARD2_0
using System.Globalization;
using System.Text;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The span members of <c>Encoding</c>, <c>string.Create</c> and <c>int.TryFormat</c> (.NET Core 2.1 and netstandard2.1)
/// on netstandard2.0, through the pointer and string APIs it has.
/// </summary>
internal static class TextPolyfills
{
    extension(Encoding encoding)
    {
        public unsafe int GetBytes(string s, Span<byte> bytes) => encoding.GetBytes(s.AsSpan(), bytes);

        public unsafe int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes)
        {
            fixed (char* source = chars)
            fixed (byte* destination = bytes)
            {
                return chars.IsEmpty ? 0 : encoding.GetBytes(source, chars.Length, destination, bytes.Length);
            }
        }

        public unsafe string GetString(ReadOnlySpan<byte> bytes)
        {
            fixed (byte* source = bytes)
            {
                return bytes.IsEmpty ? string.Empty : encoding.GetString(source, bytes.Length);
            }
        }

        public unsafe int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
        {
            fixed (byte* source = bytes)
            fixed (char* destination = chars)
            {
                return bytes.IsEmpty ? 0 : encoding.GetChars(source, bytes.Length, destination, chars.Length);
            }
        }
    }

    /// <summary>.NET Core 2.1's <c>System.Buffers.SpanAction</c>, the callback of <c>string.Create</c>.</summary>
    public delegate void SpanAction<T, in TArg>(Span<T> span, TArg arg);

    extension(string)
    {
        public static string Create<TState>(int length, TState state, SpanAction<char, TState> action)
        {
            var chars = new char[length];
            action(chars, state);
            return new string(chars);
        }
    }

    extension(int value)
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
        {
            var text = value.ToString(format.IsEmpty ? null : format.ToString(), provider ?? CultureInfo.InvariantCulture);
            charsWritten = 0;
            if (text.Length > destination.Length)
            {
                return false;
            }

            text.AsSpan().CopyTo(destination);
            charsWritten = text.Length;
            return true;
        }
    }
}
#endif
