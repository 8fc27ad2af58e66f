namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// A call to WeChat's server API failed: WeChat answered with an errcode, or the reply was not a WeChat reply at all
/// (an HTTP error, a body that is not JSON, a reply with neither the expected fields nor an errcode).
/// </summary>
/// <remarks>Messages never contain the AppSecret, a session key or an access token.</remarks>
public sealed class WeChatApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WeChatApiException"/> class with no cause.</summary>
    public WeChatApiException()
        : this("The WeChat API call failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatApiException"/> class with a message.</summary>
    /// <param name="message">The message; also the <see cref="Reason"/>.</param>
    public WeChatApiException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatApiException"/> class with a message and a cause.</summary>
    /// <param name="message">The message; also the <see cref="Reason"/>.</param>
    /// <param name="innerException">The cause.</param>
    public WeChatApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatApiException"/> class for an errcode WeChat returned.</summary>
    /// <param name="api">The API that failed, e.g. <c>code2Session</c>.</param>
    /// <param name="errCode">WeChat's errcode.</param>
    /// <param name="errMsg">WeChat's errmsg.</param>
    public WeChatApiException(string api, int errCode, string? errMsg)
        : base($"{api} failed with errcode {errCode} ({errMsg}): {WeChatErrCodes.Reason(errCode)}")
    {
        ErrCode = errCode;
        ErrMsg = errMsg;
        Reason = WeChatErrCodes.Reason(errCode);
    }

    /// <summary>Gets WeChat's errcode, or <see langword="null"/> when the reply carried none (an HTTP or format failure).</summary>
    public int? ErrCode { get; }

    /// <summary>Gets WeChat's errmsg, or <see langword="null"/>.</summary>
    public string? ErrMsg { get; }

    /// <summary>Gets what happened and what to do, in plain words.</summary>
    public string Reason { get; }
}
