namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The outcome of a failed <see cref="IUserProfileClient.GetUserProfileAsync"/> call: the same
/// <c>errMsg</c> the <c>fail</c> callback received.
/// </summary>
public class UserProfileException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UserProfileException"/> class with <see cref="ErrMsgs.InternalError"/>.</summary>
    public UserProfileException()
        : this(ErrMsgs.InternalError)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UserProfileException"/> class.</summary>
    /// <param name="errMsg">The spec's errMsg, such as <see cref="ErrMsgs.AuthDeny"/>.</param>
    public UserProfileException(string errMsg)
        : this(errMsg, null, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UserProfileException"/> class.</summary>
    /// <param name="errMsg">The spec's errMsg.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public UserProfileException(string errMsg, Exception? innerException)
        : this(errMsg, null, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UserProfileException"/> class.</summary>
    /// <param name="errMsg">The spec's errMsg.</param>
    /// <param name="errNo">The spec's error number, or <see langword="null"/> where the spec defines none.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public UserProfileException(string errMsg, int? errNo, Exception? innerException)
        : base(errMsg, innerException)
    {
        ErrMsg = (errMsg is null or "") ? ErrMsgs.InternalError : errMsg;
        ErrNo = errNo;
    }

    /// <summary>Gets the spec's errMsg. See <see cref="ErrMsgs"/>.</summary>
    public string ErrMsg { get; }

    /// <summary>Gets the spec's error number, or <see langword="null"/> where the spec defines none.</summary>
    public int? ErrNo { get; }
}
