using System.Reflection;
using System.Text;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;
using Xunit.Abstractions;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>Random options give only documented outcomes.</summary>
public sealed class OptionFuzzTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> Documented = typeof(ErrMsgs)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(string))
        .Select(f => (string)f.GetValue(null)!)
        .ToHashSet();

    [Fact]
    public async Task GetUserProfileAsync_RandomOptions_OnlyDocumentedOutcomes()
    {
        var random = new Random(7);
        var time = new TestClock();
        var client = TestClient.Create(time: time, configure: o => o.MaxCallsPerSecond = 1000);
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 5_000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(2));
            var desc = random.Next(10) == 0 ? null : RandomText(random, random.Next(0, 40));
            var lang = (Language)(random.Next(8) == 0 ? random.Next(-5, 10) : random.Next(3));
            var failCalls = 0;
            var completeCalls = 0;
            var option = new Option
            {
                Desc = desc,
                Lang = lang,
                Success = random.Next(2) == 0 ? null : _ => { },
                Fail = random.Next(2) == 0 ? null : _ => failCalls++,
                Complete = random.Next(2) == 0 ? null : _ => completeCalls++,
            };

            string errMsg;
            try
            {
                errMsg = (await client.GetUserProfileAsync(option)).ErrMsg;
            }
            catch (UserProfileException ex)
            {
                errMsg = ex.ErrMsg;
                failCalls.Should().Be(option.Fail is null ? 0 : 1);
            }

            Documented.Should().Contain(errMsg);
            var expected = desc is null ? ErrMsgs.DescMissing
                : desc.Length is 0 or > 30 ? ErrMsgs.DescLength
                : lang is < Language.En or > Language.ZhTW ? ErrMsgs.LangInvalid
                : ErrMsgs.Ok;
            errMsg.Should().Be(expected, $"desc length {desc?.Length}, lang {(int)lang}");
            completeCalls.Should().Be(option.Complete is null ? 0 : 1);
            outcomes[errMsg] = outcomes.GetValueOrDefault(errMsg) + 1;
        }

        foreach (var (errMsg, count) in outcomes)
        {
            output.WriteLine($"{count,6:N0}  {errMsg}");
        }

        outcomes.Keys.Should().HaveCount(4);
    }

    private static string RandomText(Random random, int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            switch (random.Next(5))
            {
                case 0: builder.Append((char)random.Next(0x20, 0x7F)); break;
                case 1: builder.Append((char)random.Next(0x4E00, 0x9FFF)); break;
                case 2: builder.Append("😀"); break;
                case 3: builder.Append((char)random.Next(0xD800, 0xDFFF)); break; // a lone surrogate
                default: builder.Append((char)random.Next(0, 0x20)); break;
            }
        }

        return builder.ToString();
    }
}
