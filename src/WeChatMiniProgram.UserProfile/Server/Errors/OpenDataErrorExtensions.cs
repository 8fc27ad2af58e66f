namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Maps <see cref="OpenDataError"/> values to WXBizDataCrypt codes and to reasons a programmer can act on.</summary>
public static class OpenDataErrorExtensions
{
    /// <summary>WXBizDataCrypt's IllegalAesKey.</summary>
    public const int IllegalAesKey = -41001;

    /// <summary>WXBizDataCrypt's IllegalIv.</summary>
    public const int IllegalIv = -41002;

    /// <summary>WXBizDataCrypt's IllegalBuffer.</summary>
    public const int IllegalBuffer = -41003;

    /// <summary>WXBizDataCrypt's DecodeBase64Error.</summary>
    public const int DecodeBase64Error = -41004;

    /// <summary>Gets the official WXBizDataCrypt error code of <paramref name="error"/>: 0, -41001, -41002, -41003 or -41004.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The code.</returns>
    public static int ToErrorCode(this OpenDataError error) => error switch
    {
        OpenDataError.None => 0,
        OpenDataError.InvalidSessionKey or OpenDataError.SessionNotFound => IllegalAesKey,
        OpenDataError.InvalidIv or OpenDataError.MissingIv => IllegalIv,
        OpenDataError.InvalidBase64 => DecodeBase64Error,
        _ => IllegalBuffer,
    };

    /// <summary>Gets a plain-words reason for <paramref name="error"/> that says what happened and what to do. It never contains data or keys.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The reason.</returns>
    public static string GetReason(this OpenDataError error) => error switch
    {
        OpenDataError.None => "No error.",
        OpenDataError.InvalidSessionKey =>
            "The session_key is missing or is not the canonical base64 of 16 bytes. Pass it exactly as code2Session returned it: "
            + "24 base64 characters ending in \"==\", with no spaces or line breaks.",
        OpenDataError.InvalidIv =>
            "The iv is not the base64 of 16 bytes. Pass the iv from the same getUserProfile result as encryptedData, unmodified.",
        OpenDataError.InvalidBase64 =>
            "encryptedData is not valid base64; it was damaged in transit. Send it in a JSON body, or URL-encode it in a form or query string.",
        OpenDataError.MalformedCiphertext =>
            "encryptedData is empty or not a whole number of 16-byte AES blocks; it was truncated or damaged in transit.",
        OpenDataError.DecryptionFailed =>
            "The data cannot be decrypted with this session_key. The session_key is almost certainly stale: the client called wx.login again "
            + "after this data was produced (or before your backend stored the new key), so the data is under a newer key. Do not call wx.login "
            + "between getUserProfile and the request, store the session_key of the latest code2Session, and retry with fresh data.",
        OpenDataError.SignatureMismatch =>
            "The signature does not match rawData under this session_key. Either the session_key is stale (a later wx.login replaced it) "
            + "or rawData or the signature were altered in transit. Log in again and retry with fresh data.",
        OpenDataError.AppIdMismatch =>
            "The data decrypted, but its watermark appid is not the AppId this backend expects: the data was issued to another mini "
            + "program, or the AppId setting is wrong.",
        OpenDataError.DataExpired =>
            "The data decrypted, but its watermark timestamp is outside MaxDataAge: it is stale or replayed. Ask the client for a fresh call.",
        OpenDataError.RawDataMismatch =>
            "The decrypted profile does not match rawData: rawData or the iv was altered in transit. Do not trust this request.",
        OpenDataError.MissingRawData =>
            "rawData is missing from the request. Send the rawData field of the getUserProfile result unmodified, next to signature, "
            + "encryptedData and iv (check the field names your model binder expects).",
        OpenDataError.MissingSignature =>
            "signature is missing from the request. Send the signature field of the getUserProfile result unmodified, next to rawData, "
            + "encryptedData and iv (check the field names your model binder expects).",
        OpenDataError.MissingEncryptedData =>
            "encryptedData is missing from the request. Send the encryptedData field of the getUserProfile result unmodified, next to its iv "
            + "(check the field names your model binder expects).",
        OpenDataError.MissingIv =>
            "iv is missing from the request. Send the iv field of the getUserProfile result unmodified, next to encryptedData "
            + "(check the field names your model binder expects).",
        OpenDataError.Unspecified =>
            "No cause was given for this open data error.",
        OpenDataError.SessionKeyReplaced =>
            "The data was encrypted under this user's previous session_key: the client called wx.login again after getUserProfile, and "
            + "that newer login replaced the key. Fix the login flow: call wx.login (and your login endpoint) before getUserProfile, not "
            + "between getUserProfile and posting its result; use wx.checkSession instead of logging in again while the session is valid. "
            + "Then ask the client for a fresh getUserProfile result.",
        OpenDataError.EncryptedDataTampered =>
            "The signature verified, so this session_key is current, but encryptedData or its iv does not decrypt to data under it: "
            + "they were altered in transit or by the client. The key is not stale; do not trust this request.",
        OpenDataError.SessionNotFound =>
            "There is no session for this user: the user never logged in, or the session expired. Log in (wx.login, then your login "
            + "endpoint, which calls code2Session) and then send a fresh getUserProfile result.",
        _ => "Unknown error.",
    };
}
