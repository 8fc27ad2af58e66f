namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Supplies the signed-in user's profile. The host implements it (a super-app's account store,
/// a game's player record, a test fixture); <see cref="InMemoryUserProfileSource"/> serves samples and tests.
/// </summary>
public interface IUserProfileSource
{
    /// <summary>Gets the signed-in user's profile, with region names in <paramref name="lang"/>.</summary>
    /// <param name="lang">The language requested by <see cref="Option.Lang"/>.</param>
    /// <param name="cancellationToken">Cancelled when the call is cancelled.</param>
    /// <returns>The profile. It must not be <see langword="null"/> and every string in it must be non-null.</returns>
    ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken);
}
