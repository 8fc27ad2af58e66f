namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Runs the getUserProfile flow: validate the option, ask the user for consent, then return the profile
/// signed and encrypted exactly as wx.getUserProfile returns it.
/// </summary>
public interface IUserProfileClient
{
    /// <summary>
    /// Asks the user to share their profile and, if they agree, returns it with its rawData, signature,
    /// encryptedData and iv.
    /// </summary>
    /// <param name="option">The call's parameters and callbacks.</param>
    /// <param name="cancellationToken">Cancels the call; the prompt's token is cancelled with it.</param>
    /// <returns>The success result, after <see cref="Option.Success"/> and <see cref="Option.Complete"/> have run.</returns>
    /// <remarks>
    /// <para>Callbacks follow Taro: on success <c>Success(result)</c> then <c>Complete(result)</c>; on failure
    /// <c>Fail(error)</c> then <c>Complete(error)</c>; each exactly once, before the task ends.</para>
    /// <para>If a callback throws, <c>Complete</c> still runs and the task faults with the callback's exception
    /// (an <see cref="AggregateException"/> if two callbacks threw).</para>
    /// <para>Concurrent calls never show two prompts at once: they queue and are prompted in arrival order.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="option"/> is <see langword="null"/>.</exception>
    /// <exception cref="UserProfileException">The call failed; <see cref="UserProfileException.ErrMsg"/> says why (see <see cref="ErrMsgs"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; <c>Fail</c> received <see cref="ErrMsgs.Cancel"/>.</exception>
    Task<SuccessCallbackResult> GetUserProfileAsync(Option option, CancellationToken cancellationToken = default);
}
