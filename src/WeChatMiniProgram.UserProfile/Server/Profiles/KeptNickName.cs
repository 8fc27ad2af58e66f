namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>A kept nickname: its text, where and when it came from, and WeChat's verdict on it (msgSecCheck).</summary>
/// <param name="Value">The nickname.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="KeptAt">When it was kept.</param>
/// <param name="State"><see cref="ProfileReviewState.Pass"/> or <see cref="ProfileReviewState.Review"/>; a risky nickname is never kept.</param>
/// <param name="Label">WeChat's label for it (100 normal; 20001 politics, 20002 pornography, ...).</param>
public sealed record KeptNickName(string Value, ProfileFieldSource Source, DateTimeOffset KeptAt, ProfileReviewState State, int Label)
{
    /// <inheritdoc/>
    public override string ToString() => $"KeptNickName {{ Value = (redacted), Source = {Source}, KeptAt = {KeptAt:O}, State = {State}, Label = {Label} }}";
}
