namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>A push or a URL verification was refused; <see cref="Error"/> says why. Messages never quote the Token, the key or the body.</summary>
public sealed class WeChatPushException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WeChatPushException"/> class.</summary>
    public WeChatPushException()
        : this(WeChatPushError.Malformed, "The push was refused.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatPushException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public WeChatPushException(string message)
        : this(WeChatPushError.Malformed, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatPushException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WeChatPushException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Error = WeChatPushError.Malformed;
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatPushException"/> class for a refusal.</summary>
    /// <param name="error">Why.</param>
    /// <param name="message">What happened and what to check.</param>
    public WeChatPushException(WeChatPushError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Gets why the push was refused.</summary>
    public WeChatPushError Error { get; }
}
