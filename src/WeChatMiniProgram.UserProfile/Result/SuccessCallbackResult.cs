using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// What a successful call returns: exactly the fields of wx.getUserProfile's <c>success</c> result.
/// </summary>
public sealed class SuccessCallbackResult : CallbackResult
{
    /// <summary>Initializes a new instance of the <see cref="SuccessCallbackResult"/> class.</summary>
    /// <param name="userInfo">The user's profile.</param>
    /// <param name="rawData">The JSON of <paramref name="userInfo"/> that <paramref name="signature"/> covers.</param>
    /// <param name="signature">The lowercase hex SHA-1 of rawData + session_key.</param>
    /// <param name="encryptedData">The base64 AES-128-CBC ciphertext of the full profile with its watermark.</param>
    /// <param name="iv">The base64 initialisation vector of <paramref name="encryptedData"/>.</param>
    /// <param name="cloudID">The cloud ID, or <see langword="null"/> unless cloud development is enabled.</param>
    /// <param name="errMsg">The spec's message; <c>getUserProfile:ok</c> for a real result.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="errMsg"/> is empty.</exception>
    [JsonConstructor]
    public SuccessCallbackResult(
        UserInfo userInfo,
        string rawData,
        string signature,
        string encryptedData,
        string iv,
        string? cloudID = null,
        string errMsg = ErrMsgs.Ok)
        : base(errMsg)
    {
        ArgumentNullException.ThrowIfNull(userInfo);
        ArgumentNullException.ThrowIfNull(rawData);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(encryptedData);
        ArgumentNullException.ThrowIfNull(iv);
        UserInfo = userInfo;
        RawData = rawData;
        Signature = signature;
        EncryptedData = encryptedData;
        Iv = iv;
        CloudID = cloudID;
    }

    /// <summary>Gets the user's profile.</summary>
    [JsonPropertyName("userInfo")]
    public UserInfo UserInfo { get; }

    /// <summary>
    /// Gets the JSON of <see cref="UserInfo"/> without sensitive data, in WeChat's field order
    /// (nickName, gender, language, city, province, country, avatarUrl), used to compute <see cref="Signature"/>.
    /// </summary>
    [JsonPropertyName("rawData")]
    public string RawData { get; }

    /// <summary>Gets sha1(rawData + session_key) as lowercase hex, for the backend to verify <see cref="RawData"/>.</summary>
    [JsonPropertyName("signature")]
    public string Signature { get; }

    /// <summary>Gets the base64 AES-128-CBC ciphertext of the full profile plus its watermark, under the session key.</summary>
    [JsonPropertyName("encryptedData")]
    public string EncryptedData { get; }

    /// <summary>Gets the base64 of the 16-byte initialisation vector of <see cref="EncryptedData"/>.</summary>
    [JsonPropertyName("iv")]
    public string Iv { get; }

    /// <summary>Gets the cloud ID of the sensitive data, or <see langword="null"/> unless cloud development is enabled.</summary>
    [JsonPropertyName("cloudID")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CloudID { get; }
}
