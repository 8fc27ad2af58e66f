namespace WeChatMiniProgram.UserProfile.Profile;

/// <summary>Rejects a profile from the host that cannot be serialised faithfully.</summary>
internal static class UserInfoCheck
{
    /// <summary>Returns why <paramref name="userInfo"/> is invalid, or <see langword="null"/> when it is usable.</summary>
    public static string? Problem(UserInfo? userInfo)
    {
        if (userInfo is null)
        {
            return "the profile source returned null";
        }

        if (userInfo.NickName is null || userInfo.Language is null || userInfo.City is null
            || userInfo.Province is null || userInfo.Country is null || userInfo.AvatarUrl is null)
        {
            return "the profile source returned a profile with a null field";
        }

        return Enum.IsDefined(userInfo.Gender) ? null : "the profile source returned an undefined gender";
    }
}
