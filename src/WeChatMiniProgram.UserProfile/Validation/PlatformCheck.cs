namespace WeChatMiniProgram.UserProfile.Validation;

/// <summary>Checks that the emulated environment has getUserProfile at all.</summary>
internal static class PlatformCheck
{
    /// <summary>Returns the errMsg a call fails with on this platform, or <see langword="null"/> when getUserProfile exists.</summary>
    public static string? Check(UserProfileClientOptions options)
    {
        if (options.Platform != HostPlatform.Weapp)
        {
            return ErrMsgs.PlatformNotSupported;
        }

        return options.BaseLibraryVersion < UserProfileClientOptions.MinimumBaseLibraryVersion
            ? ErrMsgs.BaseLibraryNotSupported
            : null;
    }
}
