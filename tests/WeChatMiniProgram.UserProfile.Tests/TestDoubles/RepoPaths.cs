namespace WeChatMiniProgram.UserProfile.Tests.TestDoubles;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Source => Path.Combine(Root, "src", "WeChatMiniProgram.UserProfile");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "UserProfile.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("UserProfile.sln not found above " + AppContext.BaseDirectory);
    }
}
