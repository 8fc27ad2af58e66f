using System.Security.Cryptography;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// An in-memory <see cref="ISessionKeyProvider"/> for samples and tests: it returns one fixed session key.
/// </summary>
public sealed class InMemorySessionKeyProvider : ISessionKeyProvider
{
    private readonly string _sessionKey;

    /// <summary>Initializes a new instance of the <see cref="InMemorySessionKeyProvider"/> class with the given key.</summary>
    /// <param name="sessionKey">The session key to return: the base64 of 16 bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sessionKey"/> is <see langword="null"/>.</exception>
    public InMemorySessionKeyProvider(string sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        _sessionKey = sessionKey;
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="InMemorySessionKeyProvider"/> class with a fresh random key,
    /// as a new login would issue.
    /// </summary>
    public InMemorySessionKeyProvider()
        : this(CreateSessionKey())
    {
    }

    /// <summary>Creates a fresh random session key: the base64 of 16 random bytes.</summary>
    /// <returns>The key.</returns>
    public static string CreateSessionKey()
    {
        Span<byte> key = stackalloc byte[16];
        RandomNumberGenerator.Fill(key);
        var text = Convert.ToBase64String(key);
        CryptographicOperations.ZeroMemory(key);
        return text;
    }

    /// <inheritdoc/>
    public ValueTask<string> GetSessionKeyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<string>(_sessionKey);
    }

    /// <summary>Returns the type name; the key itself is never shown.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => "InMemorySessionKeyProvider { SessionKey = *** }";
}
