namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>One strategy's finding in a content verdict (<c>detail[]</c>): a model's or a keyword list's.</summary>
/// <param name="Strategy">The strategy, such as <c>content_model</c> or <c>keyword</c>.</param>
/// <param name="ErrCode">The strategy's own errcode; 0 when it ran.</param>
/// <param name="Suggest">The strategy's verdict.</param>
/// <param name="Label">The strategy's label (see <see cref="ContentLabels"/>).</param>
/// <param name="Prob">The model's confidence from 0 to 100, when the strategy is a model.</param>
/// <param name="Keyword">The keyword that matched, when the strategy is a keyword list.</param>
/// <param name="Level">The keyword's level, when the strategy is a keyword list.</param>
public sealed record ContentCheckDetail(string Strategy, int ErrCode, ContentSuggest Suggest, int Label, int? Prob = null, string? Keyword = null, int? Level = null)
{
    /// <summary>Returns a description without the keyword: it quotes the user's content.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"ContentCheckDetail {{ Strategy = {Strategy}, Suggest = {Suggest}, Label = {Label} ({ContentLabels.Name(Label)}) }}";
}
