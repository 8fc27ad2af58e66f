namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Asks the user to agree to the mini program's privacy agreement: the host's analogue of WeChat's
/// <c>wx.onNeedPrivacyAuthorization</c> handler and its agree button.
/// </summary>
/// <remarks>
/// The client asks only while the user has not agreed: an agreement is remembered until
/// <see cref="UserProfileClient.RevokePrivacyAuthorization"/> is called. A refusal fails that call with
/// <see cref="ErrMsgs.PrivacyNotAuthorized"/> (errno 104) and is asked again on the next call, as WeChat asks again.
/// </remarks>
public interface IPrivacyAuthorizationProvider
{
    /// <summary>Shows the privacy agreement and returns the user's answer.</summary>
    /// <param name="request">Which app and API need the authorisation.</param>
    /// <param name="cancellationToken">Cancelled when the call is cancelled; close the popup then.</param>
    /// <returns><see cref="ConsentDecision.Allow"/> when the user agreed, <see cref="ConsentDecision.Deny"/> when they refused.</returns>
    ValueTask<ConsentDecision> RequestAuthorizationAsync(PrivacyAuthorizationRequest request, CancellationToken cancellationToken);
}
