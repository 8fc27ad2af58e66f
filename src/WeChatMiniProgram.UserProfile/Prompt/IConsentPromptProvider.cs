namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Shows the user the consent prompt and reports the answer. The host implements it with its own UI;
/// <see cref="InMemoryConsentPromptProvider"/> answers without a UI for samples and tests.
/// </summary>
/// <remarks>
/// The client never shows two prompts at once: concurrent calls queue and are prompted in order.
/// </remarks>
public interface IConsentPromptProvider
{
    /// <summary>Shows the prompt for <paramref name="request"/> and waits for the user's answer.</summary>
    /// <param name="request">What to show.</param>
    /// <param name="cancellationToken">
    /// Cancelled when the caller cancels or the prompt timeout passes; the provider should then close the prompt.
    /// </param>
    /// <returns>The user's decision.</returns>
    ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken);
}
