namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// A kept avatar: an image the user chose (<see cref="ProfileFieldSource.FilledIn"/>, kept in the
/// <see cref="IWeChatAvatarStore"/> under <see cref="Id"/>) or the avatar URL of a verified getUserProfile result
/// (<see cref="ProfileFieldSource.GetUserProfile"/>, on WeChat's CDN), with WeChat's verdict on it.
/// </summary>
/// <param name="Id">The kept image's id (unguessable, new for every upload), or <see langword="null"/> for WeChat's own URL.</param>
/// <param name="Url">WeChat's avatar URL, or <see langword="null"/> for a kept image.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="KeptAt">When it was kept.</param>
/// <param name="State">WeChat's verdict: <see cref="ProfileReviewState.Checking"/> until mediaCheckAsync's push decides.</param>
/// <param name="Label">WeChat's label (100 normal), 0 while checking.</param>
public sealed record KeptAvatar(string? Id, string? Url, ProfileFieldSource Source, DateTimeOffset KeptAt, ProfileReviewState State, int Label)
{
    /// <inheritdoc/>
    public override string ToString() => $"KeptAvatar {{ Id = {Id}, Url = {(Url is null ? "(none)" : "(redacted)")}, Source = {Source}, KeptAt = {KeptAt:O}, State = {State}, Label = {Label} }}";
}
