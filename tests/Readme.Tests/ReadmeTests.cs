using System.Text.RegularExpressions;

namespace Readme.Tests;

public sealed partial class ReadmeTests
{
    private static readonly string Repo = FindRepo();
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repo, "README.md"));

    public static TheoryData<string, int> Excerpts()
    {
        var data = new TheoryData<string, int>();
        var index = 0;
        foreach (Match match in ExcerptBlock().Matches(Readme))
        {
            data.Add(match.Groups["file"].Value, index++);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Excerpts))]
    public void CSharpExcerpt_IsCodeThatCompilesAndRuns_LineForLine(string file, int index)
    {
        var block = ExcerptBlock().Matches(Readme)[index].Groups["code"].Value;
        var source = File.ReadAllText(Path.Combine(Repo, file));

        var blockLines = Lines(block);
        var sourceLines = Lines(source);
        var found = Enumerable.Range(0, Math.Max(0, sourceLines.Count - blockLines.Count + 1))
            .Any(start => sourceLines.Skip(start).Take(blockLines.Count).SequenceEqual(blockLines));

        found.Should().BeTrue($"README.md's excerpt #{index} must appear in {file} line for line (indentation aside), so it compiles and runs as written:\n{block}");
    }

    [Fact]
    public void Quickstarts_AreExcerpts_AndNoneDiscardsTheTask()
    {
        var excerptFiles = ExcerptBlock().Matches(Readme).Select(m => m.Groups["file"].Value).ToList();

        excerptFiles.Should().Contain(["samples/Quickstart/TaskStyle.cs", "samples/Quickstart/CallbackStyle.cs", "samples/AspNetCoreBackend/Program.cs"]);
        Readme.Should().NotContain("_ = client.GetUserProfileAsync(new", "a discarded task leaves a failed call unobserved");
    }

    [Fact]
    public void EveryBashBlock_IsRunByTheReadmeRunner_WhichCiRuns()
    {
        var ci = File.ReadAllText(Path.Combine(Repo, ".ci", "run"));
        var runner = File.ReadAllText(Path.Combine(Repo, ".ci", "readme"));

        ci.Should().Contain("bash .ci/readme");
        runner.Should().Contain("'```bash'", "the runner takes every bash block");
        BashBlock().Count(Readme).Should().BeGreaterThan(5);
    }

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static string FindRepo()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "UserProfile.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("UserProfile.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<!-- excerpt: (?<file>[^ ]+) -->\n```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ExcerptBlock();

    [GeneratedRegex(@"^```bash$", RegexOptions.Multiline)]
    private static partial Regex BashBlock();
}
