namespace UserProfile.Server;

/// <summary>
/// Why open data could not be verified or decrypted. Each value maps to one of the official
/// WXBizDataCrypt codes (see <see cref="OpenDataErrorExtensions.ToErrorCode"/>) and has a reason that says what to do
/// (see <see cref="OpenDataErrorExtensions.GetReason"/>).
/// </summary>
public enum OpenDataError
{
    /// <summary>No error (code 0).</summary>
    None = 0,

    /// <summary>The session_key is not the base64 of 16 bytes (-41001, IllegalAesKey).</summary>
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

    /// <summary>The data decrypted, but its watermark timestamp is outside <see cref="UserProfileVerifierOptions.MaxDataAge"/> (-41003).</summary>
    DataExpired,

    /// <summary>The decrypted profile differs from rawData, so rawData or the iv was altered (-41003).</summary>
    RawDataMismatch,
}
