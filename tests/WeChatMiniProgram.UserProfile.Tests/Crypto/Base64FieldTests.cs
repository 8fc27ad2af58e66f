using WeChatMiniProgram.UserProfile.Crypto;

namespace WeChatMiniProgram.UserProfile.Tests.Crypto;

/// <summary>Base64Field.TryDecode (a vectorised decoder first on net8.0 and later) decides exactly as Convert does.</summary>
public sealed class Base64FieldTests
{
    [Fact]
    public void TryDecode_RandomValidDamagedAndInvalidInput_AgreesWithConvert()
    {
        var random = new Random(41004);
        var mine = new byte[1100];
        var theirs = new byte[1100];
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < 50_000; i++)
        {
            var bytes = new byte[random.Next(0, 800)];
            random.NextBytes(bytes);
            var chars = Convert.ToBase64String(bytes).ToCharArray();
            switch (i % 6)
            {
                case 1 when chars.Length > 0: // one character out of the alphabet, or non-ASCII
                    chars[random.Next(chars.Length)] = "-_*é\u4E2D="[random.Next(6)];
                    break;
                case 2 when chars.Length > 0: // white space where transports insert it
                    chars = chars.Take(chars.Length / 2).Concat("\r\n").Concat(chars.Skip(chars.Length / 2)).ToArray();
                    break;
                case 3 when chars.Length > 1: // truncated
                    chars = chars[..^random.Next(1, Math.Min(4, chars.Length))];
                    break;
                case 4 when chars.Length > 2 && chars[^1] == '=': // non-canonical trailing bits
                    chars[^(chars[^2] == '=' ? 3 : 2)] = alphabet[random.Next(64)];
                    break;
            }

            var text = new string(chars);
            var ok = Base64Field.TryDecode(text, mine, out var written);
            var expected = Convert.TryFromBase64String(text, theirs, out var expectedWritten);
            if (ok != expected || (ok && (written != expectedWritten || !mine.AsSpan(0, written).SequenceEqual(theirs.AsSpan(0, expectedWritten)))))
            {
                throw new InvalidOperationException($"case {i}: '{text}' decoded {ok}/{written}, Convert says {expected}/{expectedWritten}");
            }
        }
    }
}
