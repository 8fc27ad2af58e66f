using System.Collections.Concurrent;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// An in-memory <see cref="IConsentPromptProvider"/> for samples and tests: it answers every prompt
/// with a fixed decision, at once, and records what it was asked.
/// </summary>
public sealed class InMemoryConsentPromptProvider : IConsentPromptProvider
{
    private readonly ConcurrentQueue<ConsentRequest> _requests = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryConsentPromptProvider"/> class.</summary>
    /// <param name="decision">The answer to every prompt.</param>
    public InMemoryConsentPromptProvider(ConsentDecision decision = ConsentDecision.Allow)
    {
        Decision = decision;
    }

    /// <summary>Gets the answer this provider gives to every prompt.</summary>
    public ConsentDecision Decision { get; }

    /// <summary>Gets the requests this provider was shown, oldest first.</summary>
    public IReadOnlyCollection<ConsentRequest> Requests => _requests;

    /// <inheritdoc/>
    public ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _requests.Enqueue(request);
        return new ValueTask<ConsentDecision>(Decision);
    }
}
