namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The parameters of one <see cref="IUserProfileClient.GetUserProfileAsync"/> call.
/// Mirrors the <c>Option</c> object of wx.getUserProfile and Taro.getUserProfile.
/// </summary>
/// <remarks>
/// Callbacks follow Taro's semantics: on success <see cref="Success"/> then <see cref="Complete"/> run,
/// on failure <see cref="Fail"/> then <see cref="Complete"/> run, each exactly once, before the returned task ends.
/// </remarks>
public sealed class Option
{
    /// <summary>
    /// Gets or sets why the app wants the user's profile. It is shown in the consent prompt.
    /// Required. Matches wx.getUserProfile: at most 30 characters, counted as JavaScript's
    /// <c>desc.length</c> counts them (UTF-16 code units, so an emoji outside the BMP counts as 2).
    /// </summary>
    /// <value>The default value is <see langword="null"/>, which fails the call with the spec's parameter error.</value>
    public string? Desc { get; set; }

    /// <summary>Gets or sets the language in which region names of the profile are returned.</summary>
    /// <value>The default value is <see cref="Language.En"/>, as in wx.getUserProfile.</value>
    public Language Lang { get; set; } = Language.En;

    /// <summary>Gets or sets the callback invoked with the result when the call succeeds.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<SuccessCallbackResult>? Success { get; set; }

    /// <summary>Gets or sets the callback invoked with the error when the call fails.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<CallbackResult>? Fail { get; set; }

    /// <summary>Gets or sets the callback invoked when the call ends, after <see cref="Success"/> or <see cref="Fail"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<CallbackResult>? Complete { get; set; }

    /// <summary>Copies the values as they are when a call starts; the call reads only the copy.</summary>
    internal Option Snapshot() => new() { Desc = Desc, Lang = Lang, Success = Success, Fail = Fail, Complete = Complete };
}
