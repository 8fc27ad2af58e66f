namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Why a push or a URL verification was refused.</summary>
public enum WeChatPushError
{
    /// <summary>A parameter or the body is missing or malformed (not JSON or XML, a field of the wrong kind, XML with a DTD).</summary>
    Malformed,

    /// <summary>The body is larger than <see cref="WeChatPushOptions.MaxBodyBytes"/>.</summary>
    TooLarge,

    /// <summary>The signature (or msg_signature) does not match: not from WeChat, or another Token.</summary>
    InvalidSignature,

    /// <summary>The timestamp is outside <see cref="WeChatPushOptions.TimestampTolerance"/> of now.</summary>
    Expired,

    /// <summary>A push with this timestamp and nonce was already received.</summary>
    Replayed,

    /// <summary>The body is in clear but the receiver is in secure mode, or encrypted but it is in plaintext mode.</summary>
    WrongMode,

    /// <summary>The encrypted message could not be read for this app: another EncodingAESKey or AppId, or an altered body.</summary>
    DecryptionFailed,
}
