using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The outcome of a call as the <c>fail</c> and <c>complete</c> callbacks receive it.
/// Mirrors <c>TaroGeneral.CallbackResult</c>.
/// </summary>
public class CallbackResult
{
    /// <summary>Initializes a new instance of the <see cref="CallbackResult"/> class.</summary>
    /// <param name="errMsg">The spec's error message, such as <c>getUserProfile:ok</c>.</param>
    /// <param name="errNo">The spec's error number, or <see langword="null"/> where the spec defines none.</param>
    /// <exception cref="ArgumentException"><paramref name="errMsg"/> is <see langword="null"/> or empty.</exception>
    [JsonConstructor]
    public CallbackResult(string errMsg, int? errNo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(errMsg);
        ErrMsg = errMsg;
        ErrNo = errNo;
    }

    /// <summary>Gets the spec's message: <c>getUserProfile:ok</c>, or <c>getUserProfile:fail ...</c>. See <see cref="ErrMsgs"/>.</summary>
    [JsonPropertyName("errMsg")]
    [JsonPropertyOrder(-1)]
    public string ErrMsg { get; }

    /// <summary>Gets the spec's error number, or <see langword="null"/> where the spec defines none.</summary>
    [JsonPropertyName("errno")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ErrNo { get; }

    /// <inheritdoc/>
    public override string ToString() => ErrMsg;
}
