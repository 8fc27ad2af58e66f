namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The <c>errMsg</c> strings a call can end with. Compare <see cref="CallbackResult.ErrMsg"/> against these.
/// </summary>
/// <remarks>
/// Strings marked "spec" are WeChat's own and match it byte for byte; the others follow WeChat's
/// <c>api:fail reason</c> form for outcomes the spec does not spell out.
/// </remarks>
public static class ErrMsgs
{
    /// <summary>The call succeeded (spec).</summary>
    public const string Ok = "getUserProfile:ok";

    /// <summary><see cref="Option.Desc"/> is <see langword="null"/> (spec).</summary>
    public const string DescMissing = "getUserProfile:fail parameter error: parameter.desc should be String instead of Undefined;";

    /// <summary><see cref="Option.Desc"/> is empty or longer than 30 UTF-16 code units (spec).</summary>
    public const string DescLength = "getUserProfile:fail desc length does not meet the requirements";

    /// <summary><see cref="Option.Lang"/> is not one of the three defined values.</summary>
    public const string LangInvalid = "getUserProfile:fail parameter error: parameter.lang should be \"en\", \"zh_CN\" or \"zh_TW\";";

    /// <summary>The configured platform has no getUserProfile (Taro's H5 and React Native builds).</summary>
    public const string PlatformNotSupported = "getUserProfile:fail not supported on this platform";

    /// <summary>The configured base library is older than 2.10.4, which introduced getUserProfile.</summary>
    public const string BaseLibraryNotSupported = "getUserProfile:fail not supported before base library 2.10.4";

    /// <summary>The call was made outside a user gesture while the gesture rule is on (spec).</summary>
    public const string NotUserGesture = "getUserProfile:fail can only be invoked by user TAP gesture";

    /// <summary>More calls than the frequency limit allows (4 a second by default) were made.</summary>
    public const string TooFrequent = "getUserProfile:fail invoke getUserProfile too frequently";

    /// <summary>The user declined the consent prompt (spec).</summary>
    public const string AuthDeny = "getUserProfile:fail auth deny";

    /// <summary>The consent prompt was not answered within the prompt timeout.</summary>
    public const string Timeout = "getUserProfile:fail timeout";

    /// <summary>The caller cancelled the call.</summary>
    public const string Cancel = "getUserProfile:fail cancel";

    /// <summary>The session key is missing or is not the base64 of 16 bytes; the user must log in again (wx.login).</summary>
    public const string InvalidSessionKey = "getUserProfile:fail invalid session_key";

    /// <summary>A host component (prompt provider, profile source or session-key provider) threw or returned an invalid value.</summary>
    public const string InternalError = "getUserProfile:fail internal error";

    /// <summary>
    /// The app's privacy agreement does not declare the user-info scope (WeChat, since October 2023); comes with
    /// errno <see cref="PrivacyScopeUndeclaredErrNo"/>.
    /// </summary>
    public const string PrivacyScopeUndeclared = "getUserProfile:fail api scope is not declared in the privacy agreement";

    /// <summary>The errno of <see cref="PrivacyScopeUndeclared"/>: 112.</summary>
    public const int PrivacyScopeUndeclaredErrNo = 112;

    /// <summary>
    /// The user has not agreed to the privacy agreement, or refused when asked (WeChat, since October 2023); comes with
    /// errno <see cref="PrivacyNotAuthorizedErrNo"/>.
    /// </summary>
    public const string PrivacyNotAuthorized = "getUserProfile:fail privacy permission is not authorized";

    /// <summary>The errno of <see cref="PrivacyNotAuthorized"/>: 104.</summary>
    public const int PrivacyNotAuthorizedErrNo = 104;
}
