using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>A mini program the emulator knows: its credentials and the client settings its users' phones run with.</summary>
/// <param name="AppId">The AppId: "wx" followed by 16 lowercase hex digits.</param>
/// <param name="AppSecret">The AppSecret code2Session and the token APIs require.</param>
public sealed record EmulatorApp(string AppId, string AppSecret)
{
    /// <summary>Gets the mini program's display name, which the consent prompt shows.</summary>
    /// <value>The default value is <c>"Mini program"</c>.</value>
    public string Name { get; init; } = "Mini program";

    /// <summary>Gets a value indicating whether code2Session returns a unionid (the app is bound to an open platform account).</summary>
    public bool IssueUnionId { get; init; }

    /// <summary>Gets the base library the phones run; from 2.27.1 on getUserProfile returns the anonymised profile.</summary>
    public Version BaseLibraryVersion { get; init; } = new(3, 0, 0);

    /// <summary>Gets a value indicating whether cloud development is on, which adds a cloudID to results.</summary>
    public bool EnableCloud { get; init; }

    /// <summary>Gets a value indicating whether the app's privacy agreement declares the user-info scope.</summary>
    public bool PrivacyScopeDeclared { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether WeChat's API answers this app's calls (jscode2session, the access tokens,
    /// checksession) with <c>Content-Type: text/plain</c>, as live WeChat is widely reported to label its JSON replies: a
    /// client that parses JSON only when the header says so fails in production, and here first.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: <c>application/json; charset=utf-8</c>.</value>
    public bool ReplyAsTextPlain { get; init; }

    /// <summary>Gets the backend's push URL (消息推送 URL): where <c>wxa_media_check</c> verdicts are delivered; <see langword="null"/> for none.</summary>
    public Uri? PushUrl { get; init; }

    /// <summary>Gets the push Token (令牌) the backend verifies signatures with.</summary>
    /// <value>The default value is <see langword="null"/>: no push is delivered without one.</value>
    public string? PushToken { get; init; }

    /// <summary>Gets the push EncodingAESKey (43 letters and digits); required in compatible and secure mode.</summary>
    public string? PushEncodingAesKey { get; init; }

    /// <summary>Gets how pushes are sent: in clear, compatible or secure.</summary>
    /// <value>The default value is <see cref="WeChatPushMode.Secure"/>.</value>
    public WeChatPushMode PushMode { get; init; } = WeChatPushMode.Secure;

    /// <summary>Gets the format of pushes.</summary>
    /// <value>The default value is <see cref="WeChatPushFormat.Json"/>.</value>
    public WeChatPushFormat PushFormat { get; init; } = WeChatPushFormat.Json;

    /// <summary>Gets how long after mediaCheckAsync its verdict is pushed, on the emulator's clock (WeChat: within 30 minutes).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan PushDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets words that make msgSecCheck answer <c>risky</c>, each with its label, besides the emulator's own short list.</summary>
    public IReadOnlyDictionary<string, int> RiskyWords { get; init; } = new Dictionary<string, int>();

    /// <summary>Gets words that make msgSecCheck answer <c>review</c>, each with its label.</summary>
    public IReadOnlyDictionary<string, int> ReviewWords { get; init; } = new Dictionary<string, int>();

    /// <summary>Returns a description with the AppSecret redacted.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"EmulatorApp {{ AppId = {AppId}, AppSecret = (redacted), Name = {Name}, IssueUnionId = {IssueUnionId}, PushUrl = {PushUrl}, PushToken = (redacted) }}";
}
