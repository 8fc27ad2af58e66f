namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The session store could not be reached, or did not answer within its timeout: an outage of the engine (Redis,
/// PostgreSQL, a cache), not a fault of the request. Nothing was acknowledged; the same request can be retried, and
/// service comes back when the engine does. ASP.NET Core answers it with 503 and <c>"error": "SessionStoreUnavailable"</c>.
/// </summary>
public sealed class SessionStoreUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SessionStoreUnavailableException"/> class.</summary>
    public SessionStoreUnavailableException()
        : this("The session store is unavailable.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SessionStoreUnavailableException"/> class.</summary>
    /// <param name="message">What failed; it names the engine and the operation, never a key.</param>
    public SessionStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SessionStoreUnavailableException"/> class.</summary>
    /// <param name="message">What failed; it names the engine and the operation, never a key.</param>
    /// <param name="innerException">The engine's own exception.</param>
    public SessionStoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
