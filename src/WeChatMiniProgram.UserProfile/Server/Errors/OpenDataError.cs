namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Why open data could not be verified or decrypted. Each value maps to one of the official
/// WXBizDataCrypt codes (see <see cref="OpenDataErrorExtensions.ToErrorCode"/>) and has a reason that says what to do
/// (see <see cref="OpenDataErrorExtensions.GetReason"/>).
/// </summary>
public enum OpenDataError
{
    /// <summary>No error (code 0).</summary>
    None = 0,

    /// <summary>
    /// The session_key is missing or is not the canonical base64 of 16 bytes, exactly as code2Session returns it
    /// (-41001, IllegalAesKey). Both halves of the SDK apply this one rule, so the key that signs is the key that encrypts.
    /// </summary>
    InvalidSessionKey,

    /// <summary>The iv is not the base64 of 16 bytes (-41002, IllegalIv).</summary>
    InvalidIv,

    /// <summary>encryptedData is not valid base64 (-41004, DecodeBase64Error).</summary>
    InvalidBase64,

    /// <summary>encryptedData is empty or not a whole number of 16-byte blocks (-41003, IllegalBuffer).</summary>
    MalformedCiphertext,

    /// <summary>
    /// The data does not decrypt to open data under this session_key: almost always a stale session_key
    /// (-41003, IllegalBuffer). Padding, JSON and missing-watermark failures all end here, indistinguishably.
    /// </summary>
    DecryptionFailed,

    /// <summary>The signature does not match rawData under this session_key (-41003).</summary>
    SignatureMismatch,

    /// <summary>The data decrypted, but its watermark appid is not the configured AppId (-41003).</summary>
    AppIdMismatch,

    /// <summary>The data decrypted, but its watermark timestamp is outside <see cref="OpenDataOptions.MaxDataAge"/> (-41003).</summary>
    DataExpired,

    /// <summary>The decrypted profile differs from rawData, so rawData or the iv was altered (-41003).</summary>
    RawDataMismatch,

    /// <summary>rawData is missing (null or empty), as a model binder leaves a field the request did not carry (-41003).</summary>
    MissingRawData,

    /// <summary>signature is missing (null or empty) (-41003).</summary>
    MissingSignature,

    /// <summary>encryptedData is missing (null or empty) (-41003, IllegalBuffer).</summary>
    MissingEncryptedData,

    /// <summary>iv is missing (null or empty) (-41002, IllegalIv).</summary>
    MissingIv,

    /// <summary>
    /// No cause was given: only an <see cref="OpenDataException"/> built with a standard constructor (a message, or none)
    /// carries it (-41003). The SDK itself never reports it.
    /// </summary>
    Unspecified,

    /// <summary>
    /// The data verifies under the user's previous session_key, not the current one: the client logged in again
    /// (<c>wx.login</c>) after calling getUserProfile, so a newer login replaced the key the data was encrypted under
    /// (-41003). Only <see cref="UserProfileServer"/> reports it; the previous key explains the failure and never
    /// accepts the data.
    /// </summary>
    SessionKeyReplaced,

    /// <summary>
    /// The backend holds no session for this user (never logged in, or the session expired), so there is no session_key
    /// to verify with (-41001, IllegalAesKey). Only <see cref="UserProfileServer"/> reports it.
    /// </summary>
    SessionNotFound,

    /// <summary>
    /// The signature verified, so the session_key is current, yet encryptedData or its iv does not decrypt to data
    /// under that key: they were altered in transit or by the client (-41003). Only the verified path
    /// (<see cref="UserProfileVerifier"/>) reports it; without a verified signature the same failure is
    /// <see cref="DecryptionFailed"/>, whose likeliest cause is a stale key.
    /// </summary>
    EncryptedDataTampered,
}
