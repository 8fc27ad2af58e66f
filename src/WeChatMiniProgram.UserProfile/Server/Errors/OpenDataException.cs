namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Open data could not be verified or decrypted. Carries the official WXBizDataCrypt <see cref="ErrorCode"/>,
/// the precise <see cref="Error"/> and a <see cref="Reason"/> that tells the programmer what to do.
/// </summary>
/// <remarks>
/// This is the backend's exception; <see cref="UserProfileException"/> is the host's. They never meet in one call,
/// so they share no base beyond <see cref="Exception"/>. Messages never contain keys, data or plaintext.
/// </remarks>
public sealed class OpenDataException : Exception
{
    /// <summary>
    /// Initializes a new instance of the <see cref="OpenDataException"/> class with no cause:
    /// <see cref="Error"/> is <see cref="OpenDataError.Unspecified"/>.
    /// </summary>
    public OpenDataException()
        : this(OpenDataError.Unspecified)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="OpenDataException"/> class with a message and no cause:
    /// <see cref="Error"/> is <see cref="OpenDataError.Unspecified"/> and <see cref="Reason"/> is the message.
    /// </summary>
    /// <param name="message">The message.</param>
    public OpenDataException(string message)
        : this(message, null)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="OpenDataException"/> class with a message and an inner exception:
    /// <see cref="Error"/> is <see cref="OpenDataError.Unspecified"/> and <see cref="Reason"/> is the message.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OpenDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Error = OpenDataError.Unspecified;
        Reason = (message is null or "") ? OpenDataError.Unspecified.GetReason() : message;
    }

    /// <summary>Initializes a new instance of the <see cref="OpenDataException"/> class.</summary>
    /// <param name="error">The error; its code and reason are derived from it.</param>
    public OpenDataException(OpenDataError error)
        : base(FormatMessage(error))
    {
        Error = error;
        Reason = error.GetReason();
    }

    /// <summary>Gets the precise error.</summary>
    public OpenDataError Error { get; }

    /// <summary>Gets the official WXBizDataCrypt code: -41001, -41002, -41003 or -41004.</summary>
    public int ErrorCode => Error.ToErrorCode();

    /// <summary>Gets what happened and what to do, in plain words.</summary>
    public string Reason { get; }

    private static string FormatMessage(OpenDataError error) => $"WXBizDataCrypt error {error.ToErrorCode()} ({error}): {error.GetReason()}";
}
