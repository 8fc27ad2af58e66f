namespace WeChatMiniProgram.UserProfile;

/// <summary>A privacy authorisation provider that always gives the same answer and counts how often it was asked. For tests and harnesses.</summary>
public sealed class InMemoryPrivacyAuthorizationProvider : IPrivacyAuthorizationProvider
{
    private int _requests;

    /// <summary>Initializes a new instance of the <see cref="InMemoryPrivacyAuthorizationProvider"/> class.</summary>
    /// <param name="decision">The answer to give every time.</param>
    public InMemoryPrivacyAuthorizationProvider(ConsentDecision decision = ConsentDecision.Allow)
    {
        Decision = decision;
    }

    /// <summary>Gets the answer this provider gives.</summary>
    public ConsentDecision Decision { get; }

    /// <summary>Gets how many times the user was asked.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <inheritdoc/>
    public ValueTask<ConsentDecision> RequestAuthorizationAsync(PrivacyAuthorizationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _requests);
        return new ValueTask<ConsentDecision>(Decision);
    }
}
