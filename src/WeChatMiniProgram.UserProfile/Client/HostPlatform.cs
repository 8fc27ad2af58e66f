namespace WeChatMiniProgram.UserProfile;

/// <summary>The platform the host emulates, in Taro's terms.</summary>
public enum HostPlatform
{
    /// <summary>A WeChat mini program (Taro's <c>weapp</c>): getUserProfile exists from base library 2.10.4.</summary>
    Weapp = 0,

    /// <summary>Taro's H5 build: getUserProfile is not supported.</summary>
    H5 = 1,

    /// <summary>Taro's React Native build: getUserProfile is not supported.</summary>
    ReactNative = 2,
}
