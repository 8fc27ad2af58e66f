namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>The AppIds registered with <c>AddUserProfileServer</c>, the first one the default.</summary>
internal sealed class UserProfileServerApps
{
    private readonly List<string> _appIds = [];

    public string Default => _appIds[0];

    public bool Contains(string appId) => _appIds.Contains(appId, StringComparer.Ordinal);

    public bool Add(string appId)
    {
        if (Contains(appId))
        {
            return false;
        }

        _appIds.Add(appId);
        return true;
    }
}
