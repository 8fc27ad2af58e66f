namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// A profile decrypted from encryptedData and checked: the userInfo fields, the identifiers the older
/// getUserInfo data carries, and the watermark.
/// </summary>
/// <remarks><see cref="ToString"/> redacts the personal data; only the watermark is shown.</remarks>
public sealed class DecryptedUserProfile
{
    internal DecryptedUserProfile(UserInfo userInfo, string? openId, string? unionId, Watermark watermark)
    {
        UserInfo = userInfo;
        OpenId = openId;
        UnionId = unionId;
        Watermark = watermark;
    }

    /// <summary>Gets the userInfo fields of the decrypted data.</summary>
    public UserInfo UserInfo { get; }

    /// <summary>
    /// Gets a value indicating whether this is WeChat's anonymised profile (微信用户 and the grey avatar), which
    /// getUserProfile returns on base library 2.27.1 and later: verified, but no user's own. See <see cref="AnonymousProfile"/>.
    /// </summary>
    public bool IsAnonymous => AnonymousProfile.IsAnonymous(UserInfo);

    /// <summary>Gets the user's nickname.</summary>
    public string NickName => UserInfo.NickName;

    /// <summary>Gets the user's gender.</summary>
    public Gender Gender => UserInfo.Gender;

    /// <summary>Gets the language of the user's WeChat client.</summary>
    public string Language => UserInfo.Language;

    /// <summary>Gets the user's city.</summary>
    public string City => UserInfo.City;

    /// <summary>Gets the user's province.</summary>
    public string Province => UserInfo.Province;

    /// <summary>Gets the user's country.</summary>
    public string Country => UserInfo.Country;

    /// <summary>Gets the URL of the user's avatar.</summary>
    public string AvatarUrl => UserInfo.AvatarUrl;

    /// <summary>
    /// Gets the openId decrypted from getUserInfo-format data, or <see langword="null"/>: getUserProfile data has none, and
    /// <see cref="UserProfileVerifier.VerifyAndDecrypt(string, string, string, string, string)"/> never returns one.
    /// </summary>
    /// <remarks>
    /// Not authenticated: it sits in the first AES block, which whoever controls the iv can rewrite. The user's
    /// authoritative openid comes from code2Session.
    /// </remarks>
    public string? OpenId { get; }

    /// <summary>
    /// Gets the unionId decrypted from getUserInfo-format data, or <see langword="null"/>: getUserProfile data has none, and
    /// <see cref="UserProfileVerifier.VerifyAndDecrypt(string, string, string, string, string)"/> never returns one.
    /// </summary>
    /// <remarks>Not authenticated, like <see cref="OpenId"/>; the authoritative unionid comes from code2Session.</remarks>
    public string? UnionId { get; }

    /// <summary>Gets the watermark: the AppId the data was issued to and when.</summary>
    public Watermark Watermark { get; }

    /// <summary>Returns a description with the personal data redacted.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"DecryptedUserProfile {{ profile redacted, {Watermark} }}";
}
