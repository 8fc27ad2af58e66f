namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>msgSecCheck v2's verdict on a text: the overall suggestion and label, the trace id, and each strategy's finding.</summary>
/// <param name="Suggest">The overall verdict (<c>result.suggest</c>).</param>
/// <param name="Label">The overall label (<c>result.label</c>; 100 is normal, see <see cref="ContentLabels"/>).</param>
/// <param name="TraceId">WeChat's id of this check (<c>trace_id</c>), to quote when asking WeChat about it.</param>
/// <param name="Details">Each strategy's finding (<c>detail</c>).</param>
public sealed record TextCheckVerdict(ContentSuggest Suggest, int Label, string TraceId, IReadOnlyList<ContentCheckDetail> Details)
{
    /// <summary>Gets the overall label's name, such as <c>abuse</c> for 20003.</summary>
    public string LabelName => ContentLabels.Name(Label);

    /// <summary>Returns a description without any keyword from the content.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"TextCheckVerdict {{ Suggest = {Suggest}, Label = {Label} ({LabelName}), TraceId = {TraceId}, Details = {Details.Count} }}";
}
