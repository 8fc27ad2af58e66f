namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// A user's kept profile, per (AppId, openid): the nickname and avatar the user gave, the details of a verified
/// getUserProfile result, and for each where it came from, when, and WeChat's verdict. WeChat asks developers to keep
/// these, so no user is asked twice (妥善保管…避免重复弹窗). WeChat's anonymous profile (微信用户 and the grey avatar) is
/// no user's own and is never kept.
/// </summary>
/// <param name="AppId">The mini program's AppId.</param>
/// <param name="OpenId">The user's openid under that AppId.</param>
/// <remarks><see cref="ToString"/> shows no nickname or avatar: they are personal data.</remarks>
public sealed record WeChatProfile(string AppId, string OpenId)
{
    /// <summary>Gets the user's unionid, or <see langword="null"/>.</summary>
    public string? UnionId { get; init; }

    /// <summary>Gets the kept nickname, or <see langword="null"/>.</summary>
    public KeptNickName? NickName { get; init; }

    /// <summary>Gets the kept avatar, or <see langword="null"/>.</summary>
    public KeptAvatar? Avatar { get; init; }

    /// <summary>Gets the gender, region and language of a verified getUserProfile result, or <see langword="null"/>.</summary>
    public KeptDetails? Details { get; init; }

    /// <inheritdoc/>
    public override string ToString()
        => $"WeChatProfile {{ AppId = {AppId}, OpenId = {OpenId}, NickName = {(NickName is null ? "(none)" : $"(redacted, {NickName.State})")}, Avatar = {(Avatar is null ? "(none)" : $"(redacted, {Avatar.State})")} }}";
}
