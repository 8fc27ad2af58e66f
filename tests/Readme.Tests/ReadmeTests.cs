using System.Text.RegularExpressions;

namespace Readme.Tests;

public sealed partial class ReadmeTests
{
    private static readonly string Repo = FindRepo();
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repo, "README.md"));

    /// <summary>README.md, CONTRIBUTING.md and docs/*.md, in the order .ci/readme runs their bash blocks.</summary>
    private static readonly string Documents = string.Join(
        "\n",
        new[] { "README.md", "CONTRIBUTING.md" }.Select(f => Path.Combine(Repo, f))
            .Concat(Directory.GetFiles(Path.Combine(Repo, "docs"), "*.md").Order(StringComparer.Ordinal))
            .Select(File.ReadAllText));

    public static TheoryData<string, int> Excerpts()
    {
        var data = new TheoryData<string, int>();
        var index = 0;
        foreach (Match match in ExcerptBlock().Matches(Documents))
        {
            data.Add(match.Groups["file"].Value, index++);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Excerpts))]
    public void CSharpExcerpt_IsCodeThatCompilesAndRuns_LineForLine(string file, int index)
    {
        var block = ExcerptBlock().Matches(Documents)[index].Groups["code"].Value;
        var source = File.ReadAllText(Path.Combine(Repo, file));

        var blockLines = Lines(block);
        var sourceLines = Lines(source);
        var found = Enumerable.Range(0, Math.Max(0, sourceLines.Count - blockLines.Count + 1))
            .Any(start => sourceLines.Skip(start).Take(blockLines.Count).SequenceEqual(blockLines));

        found.Should().BeTrue($"the documents' excerpt #{index} must appear in {file} line for line (indentation aside), so it compiles and runs as written:\n{block}");
    }

    [Fact]
    public void Quickstarts_AreExcerpts_AndNoneDiscardsTheTask()
    {
        ExcerptBlock().Matches(Readme).Select(m => m.Groups["file"].Value).Should().Contain(["samples/BackendQuickstart/Program.cs", "samples/Quickstart/TaskStyle.cs"]);
        ExcerptBlock().Matches(Documents).Select(m => m.Groups["file"].Value).Should().Contain(["samples/Quickstart/CallbackStyle.cs", "samples/AspNetCoreBackend/Program.cs"]);
        Documents.Should().NotContain("_ = client.GetUserProfileAsync(new", "a discarded task leaves a failed call unobserved");
    }

    [Fact]
    public void BackendQuickstart_IsTheWholeFileWithItsUsings_AtMostThirtyLines()
    {
        var block = ExcerptBlock().Matches(Readme).Single(m => m.Groups["file"].Value == "samples/BackendQuickstart/Program.cs").Groups["code"].Value;

        block.Trim().Should().Be(File.ReadAllText(Path.Combine(Repo, "samples/BackendQuickstart/Program.cs")).Trim(), "a reader copies it whole, using lines included");
        block.Split('\n').Length.Should().BeLessThanOrEqualTo(30);
        Readme.Should().Contain("cp \"$OLDPWD/samples/BackendQuickstart/Program.cs\" Program.cs", "the install block builds it against the packages alone");
    }

    [Fact]
    public void BackendQuickstart_RunsAsInstalled_WithItsSettings_OneNameEach()
    {
        Readme.Should().Contain("cp \"$OLDPWD/samples/BackendQuickstart/appsettings.json\" .", "the install block copies the settings with the code, so the first start works");
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo, "samples/BackendQuickstart/appsettings.json")));
        var weChat = settings.RootElement.GetProperty("WeChat");
        foreach (var name in new[] { "AppId", "AppSecret", "ApiBaseAddress" })
        {
            weChat.GetProperty(name).GetString().Should().NotBeNullOrEmpty();
            Readme.Should().Contain($"`WeChat:{name}`");
        }

        var program = File.ReadAllText(Path.Combine(Repo, "samples/BackendQuickstart/Program.cs"));
        foreach (Match connection in Regex.Matches(program, "GetConnectionString\\(\"(?<name>[^\"]+)\"\\)"))
        {
            var name = connection.Groups["name"].Value;
            name.Should().Be("Sessions", "the quickstart, the sample and the docs name the engine's connection string alike");
            settings.RootElement.GetProperty("ConnectionStrings").GetProperty(name).GetString().Should().NotBeNullOrEmpty();
        }

        Documents.Should().NotContain("ConnectionStrings:Redis").And.NotContain("GetConnectionString(\"Redis\")");
    }

    [Fact]
    public void Readme_IsShort_WithAContentsLine_AndTheSectionsInTheOrderABackendTeamReadsThem()
    {
        Readme.Split('\n').Length.Should().BeLessThanOrEqualTo(450);
        Readme.Should().Contain("**Contents:**");
        var headings = Regex.Matches(Readme, "^## (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        headings.Should().ContainInOrder("Install", "Backend quickstart", "The client half", "The emulator", "Troubleshooting", "More");
        Readme.Should().Contain("](docs/emulator-page.png)", "the emulator's section shows its page");
    }

    [Fact]
    public void Troubleshooting_CoversEveryErrorAUserMeets()
    {
        var section = Readme[Readme.IndexOf("## Troubleshooting", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];

        foreach (var error in Enum.GetNames<WeChatMiniProgram.UserProfile.Server.OpenDataError>().Where(e => e is not ("None" or "Unspecified")).Append("SessionStoreUnavailable"))
        {
            section.Should().Contain(error.StartsWith("Missing", StringComparison.Ordinal) ? "Missing" : error);
        }

        foreach (var code in new[] { "-41001", "-41002", "-41003", "-41004", "40029", "40163", "40226", "HighRiskUser", "45011", "40125", "40013", "40001", "42001", "45009", "87009", "| -1 |", "Retry-After", "expires_in", "AppSecret was changed", "text/plain", "ProfileNotKept", "NickNameRisky", "risky", "61010", "-1008", "anonymous" })
        {
            section.Should().Contain(code);
        }
    }

    [Fact]
    public void EveryBashBlock_IsRunByTheReadmeRunner_WhichCiRuns()
    {
        var ci = File.ReadAllText(Path.Combine(Repo, ".ci", "run"));
        var runner = File.ReadAllText(Path.Combine(Repo, ".ci", "readme"));

        ci.Should().Contain("bash .ci/readme");
        runner.Should().Contain("'```bash'", "the runner takes every bash block");
        BashBlock().Count(Readme).Should().BeGreaterThan(4);
        runner.Should().Contain("documents=(README.md CONTRIBUTING.md docs/*.md)");
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
