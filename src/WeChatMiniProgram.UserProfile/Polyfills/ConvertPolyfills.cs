#if !NET9_0_OR_GREATER
using System.Buffers;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// <c>Convert</c>'s span members: hex (.NET 9) everywhere before .NET 9, and base64 (.NET Core 2.1) on netstandard2.0,
/// where they go through the array API with the same rules (white space ignored, the same padding checks).
/// </summary>
internal static class ConvertPolyfills
{
    extension(Convert)
    {
        public static string ToHexStringLower(ReadOnlySpan<byte> bytes)
        {
            const string Digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Decodes hex digits of either case; stops at the first that is not one (like .NET 9, it reports the status).</summary>
        public static OperationStatus FromHexString(ReadOnlySpan<char> source, Span<byte> destination, out int charsConsumed, out int bytesWritten)
        {
            charsConsumed = 0;
            bytesWritten = 0;
            while (charsConsumed + 1 < source.Length && bytesWritten < destination.Length)
            {
                var high = HexValue(source[charsConsumed]);
                var low = HexValue(source[charsConsumed + 1]);
                if ((high | low) < 0)
                {
                    return OperationStatus.InvalidData;
                }

                destination[bytesWritten++] = (byte)((high << 4) | low);
                charsConsumed += 2;
            }

            return charsConsumed == source.Length ? OperationStatus.Done
                : source.Length % 2 == 1 && charsConsumed == source.Length - 1 ? OperationStatus.NeedMoreData
                : OperationStatus.DestinationTooSmall;
        }
#if NETSTANDARD2_0

        public static bool TryFromBase64String(string s, Span<byte> bytes, out int bytesWritten)
            => TryFromBase64Chars(s.AsSpan(), bytes, out bytesWritten);

        public static bool TryFromBase64Chars(ReadOnlySpan<char> chars, Span<byte> bytes, out int bytesWritten)
        {
            bytesWritten = 0;
            byte[] decoded;
            try
            {
                decoded = Convert.FromBase64CharArray(chars.ToArray(), 0, chars.Length);
            }
            catch (FormatException)
            {
                return false;
            }

            try
            {
                if (decoded.Length > bytes.Length)
                {
                    return false;
                }

                decoded.CopyTo(bytes);
                bytesWritten = decoded.Length;
                return true;
            }
            finally
            {
                // The decoded bytes may be a session key.
                FixedTimeOperations.ZeroMemory(decoded);
            }
        }

        public static bool TryToBase64Chars(ReadOnlySpan<byte> bytes, Span<char> chars, out int charsWritten)
        {
            var copy = bytes.ToArray();
            var text = Convert.ToBase64String(copy);
            FixedTimeOperations.ZeroMemory(copy);
            charsWritten = 0;
            if (text.Length > chars.Length)
            {
                return false;
            }

            text.AsSpan().CopyTo(chars);
            charsWritten = text.Length;
            return true;
        }

        public static string ToBase64String(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes.ToArray());
#endif
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
#endif
