using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WeChatMiniProgram.UserProfile.Crypto;
using WeChatMiniProgram.UserProfile.Diagnostics;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The backend half: verifies rawData's signature, decrypts encryptedData, checks its watermark and that it matches
/// rawData, and reports every failure with the official WXBizDataCrypt code and a reason that says what to do.
/// </summary>
/// <remarks>
/// Thread-safe and immutable: build one per mini program and share it. A wrong or stale session_key always ends in
/// -41003, never in a garbage result; padding and JSON failures are indistinguishable to the caller.
/// </remarks>
public sealed class UserProfileVerifier
{
    private readonly UserProfileVerifierOptions _options;

    /// <summary>Gets the AppId every watermark must carry.</summary>
    internal string AppId => _options.AppId!;

    /// <summary>Initializes a new instance of the <see cref="UserProfileVerifier"/> class.</summary>
    /// <param name="options">The verifier's options; validated here and read once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public UserProfileVerifier(UserProfileVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new UserProfileVerifierOptions { AppId = options.AppId, MaxDataAge = options.MaxDataAge, TimeProvider = options.TimeProvider };
    }

    /// <summary>
    /// Checks that <paramref name="signature"/> is sha1(UTF-8(rawData + sessionKey)), compared in constant time.
    /// </summary>
    /// <param name="rawData">rawData as the client sent it.</param>
    /// <param name="signature">The signature as hex, in either case.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <returns>
    /// <see langword="true"/> when the signature matches; <see langword="false"/> otherwise, including for <see langword="null"/>
    /// or malformed input and for a session key that is not the canonical base64 of 16 bytes (the rule every API applies).
    /// </returns>
#pragma warning disable CA1822 // An instance member on purpose: the verifier is the one object a backend holds.
    public bool VerifySignature(string rawData, string signature, string sessionKey)
#pragma warning restore CA1822
    {
        Span<byte> key = stackalloc byte[16];
        var canonicalKey = Base64Field.TryDecodeSessionKey(sessionKey, key);
        CryptographicOperations.ZeroMemory(key);
        return canonicalKey && rawData is not null && signature is not null && Signature.Verify(rawData, signature, sessionKey);
    }

    /// <summary>
    /// Decrypts getUserProfile's (or getUserInfo's) encryptedData and checks its watermark, returning the raw decrypted
    /// fields, including the openId and unionId that getUserInfo-format data carries.
    /// </summary>
    /// <remarks>
    /// This alone does not protect against IV tampering: AES-CBC lets whoever controls the iv rewrite the first 16 bytes
    /// of the plaintext at will, and that is where openId sits. Use
    /// <see cref="VerifyAndDecrypt(string, string, string, string, string)"/> for anything you trust, and take the
    /// user's openid from code2Session, never from encryptedData.
    /// </remarks>
    /// <param name="encryptedData">The base64 ciphertext.</param>
    /// <param name="iv">The base64 IV.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <returns>The decrypted profile.</returns>
    /// <exception cref="OpenDataException">The data cannot be decrypted or fails a check; <see cref="OpenDataException.ErrorCode"/> says which.</exception>
    public DecryptedUserProfile DecryptUserProfile(string encryptedData, string iv, string sessionKey)
        => TryDecryptUserProfile(encryptedData, iv, sessionKey, out var profile, out var error) ? profile : throw new OpenDataException(error);

    /// <summary>Decrypts encryptedData and checks its watermark, without exceptions, for hot paths.</summary>
    /// <param name="encryptedData">The base64 ciphertext.</param>
    /// <param name="iv">The base64 IV.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <param name="profile">The decrypted profile when the method returns <see langword="true"/>.</param>
    /// <param name="error">Why it failed, or <see cref="OpenDataError.None"/>.</param>
    /// <returns><see langword="true"/> when the data decrypted and passed every check.</returns>
    public bool TryDecryptUserProfile(string encryptedData, string iv, string sessionKey, [NotNullWhen(true)] out DecryptedUserProfile? profile, out OpenDataError error)
    {
        using var activity = UserProfileDiagnostics.StartServer("UserProfile.DecryptUserProfile");
        error = DecryptProfile(encryptedData, iv, sessionKey, out profile);
        UserProfileDiagnostics.ServerEnded(activity, error);
        return error == OpenDataError.None;
    }

    /// <summary>
    /// Decrypts any open data protected the same way (phone number, WeRun, share info) into <typeparamref name="T"/>,
    /// after checking its watermark.
    /// </summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <param name="encryptedData">The base64 ciphertext.</param>
    /// <param name="iv">The base64 IV.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <param name="typeInfo">Source-generated JSON metadata for <typeparamref name="T"/>.</param>
    /// <returns>The decrypted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="OpenDataException">The data cannot be decrypted, has no valid watermark, or does not fit <typeparamref name="T"/>.</exception>
    public T Decrypt<T>(string encryptedData, string iv, string sessionKey, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        using var activity = UserProfileDiagnostics.StartServer("UserProfile.Decrypt");
        var error = DecryptModel(encryptedData, iv, sessionKey, typeInfo, out var value);
        UserProfileDiagnostics.ServerEnded(activity, error);
        return error == OpenDataError.None ? value! : throw new OpenDataException(error);
    }

    /// <summary>Decrypts getPhoneNumber's encryptedData into <see cref="PhoneNumberInfo"/>, after checking its watermark.</summary>
    /// <param name="encryptedData">The base64 ciphertext.</param>
    /// <param name="iv">The base64 IV.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <returns>The phone number.</returns>
    /// <exception cref="OpenDataException">The data cannot be decrypted or fails a check.</exception>
    public PhoneNumberInfo DecryptPhoneNumber(string encryptedData, string iv, string sessionKey)
        => Decrypt(encryptedData, iv, sessionKey, OpenDataJsonContext.Default.PhoneNumberInfo);

    /// <summary>
    /// The one call a backend controller wants: checks the signature, decrypts, checks the watermark, and checks that
    /// the decrypted members are exactly rawData's plus the watermark, so tampering with the IV cannot change what the
    /// backend trusts.
    /// </summary>
    /// <remarks>
    /// What it returns is what the signature covers (rawData's fields) plus the watermark. <see cref="DecryptedUserProfile.OpenId"/>
    /// and <see cref="DecryptedUserProfile.UnionId"/> are always <see langword="null"/> here: in getUserInfo-format data they
    /// sit in the first AES block, which the iv controls, so they are not authenticated. The authoritative openid
    /// comes from code2Session. A missing rawData, signature, encryptedData or iv is reported as such
    /// (<see cref="OpenDataError.MissingRawData"/> and so on), never as a stale key.
    /// </remarks>
    /// <param name="rawData">rawData from the client's result.</param>
    /// <param name="signature">signature from the client's result.</param>
    /// <param name="encryptedData">encryptedData from the client's result.</param>
    /// <param name="iv">iv from the client's result.</param>
    /// <param name="sessionKey">The session_key of the user's login, held by the backend.</param>
    /// <returns>The verified profile.</returns>
    /// <exception cref="OpenDataException">Any check failed; <see cref="OpenDataException.ErrorCode"/> and <see cref="OpenDataException.Reason"/> say which and what to do.</exception>
    public DecryptedUserProfile VerifyAndDecrypt(string rawData, string signature, string encryptedData, string iv, string sessionKey)
        => TryVerifyAndDecrypt(rawData, signature, encryptedData, iv, sessionKey, out var profile, out var error) ? profile : throw new OpenDataException(error);

    /// <summary>Runs <see cref="VerifyAndDecrypt(string, string, string, string, string)"/> on the fields of a client result.</summary>
    /// <param name="result">The client's result.</param>
    /// <param name="sessionKey">The session_key of the user's login, held by the backend.</param>
    /// <returns>The verified profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="OpenDataException">Any check failed.</exception>
    public DecryptedUserProfile VerifyAndDecrypt(SuccessCallbackResult result, string sessionKey)
    {
        ArgumentNullException.ThrowIfNull(result);
        return VerifyAndDecrypt(result.RawData, result.Signature, result.EncryptedData, result.Iv, sessionKey);
    }

    /// <summary>The exception-free form of <see cref="VerifyAndDecrypt(string, string, string, string, string)"/>.</summary>
    /// <param name="rawData">rawData from the client's result.</param>
    /// <param name="signature">signature from the client's result.</param>
    /// <param name="encryptedData">encryptedData from the client's result.</param>
    /// <param name="iv">iv from the client's result.</param>
    /// <param name="sessionKey">The session_key of the user's login, held by the backend.</param>
    /// <param name="profile">The verified profile when the method returns <see langword="true"/>.</param>
    /// <param name="error">Why it failed, or <see cref="OpenDataError.None"/>.</param>
    /// <returns><see langword="true"/> when every check passed.</returns>
    public bool TryVerifyAndDecrypt(
        string rawData,
        string signature,
        string encryptedData,
        string iv,
        string sessionKey,
        [NotNullWhen(true)] out DecryptedUserProfile? profile,
        out OpenDataError error)
    {
        using var activity = UserProfileDiagnostics.StartServer("UserProfile.VerifyAndDecrypt");
        error = VerifyAndDecryptCore(rawData, signature, encryptedData, iv, sessionKey, out profile);
        UserProfileDiagnostics.ServerEnded(activity, error);
        return error == OpenDataError.None;
    }

    private OpenDataError DecryptModel<T>(string? encryptedData, string? iv, string? sessionKey, JsonTypeInfo<T> typeInfo, out T? value)
    {
        value = default;
        var error = OpenDataDecryptor.TryDecryptDocument(encryptedData, iv, sessionKey, out var buffer, out var length, out var watermark);
        if (error != OpenDataError.None)
        {
            return error;
        }

        try
        {
            error = WatermarkCheck.Check(watermark!.AppId, watermark.Timestamp, _options);
            if (error != OpenDataError.None)
            {
                return error;
            }

            // Reached only with strict, well-formed JSON whose padding was valid; what is left to fail is the model's shape.
            try
            {
                value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            }
            catch (JsonException)
            {
                // The JsonException's message could quote the plaintext, so it is dropped, not kept as an inner exception.
                value = default;
            }

            return value is null ? OpenDataError.DecryptionFailed : OpenDataError.None;
        }
        finally
        {
            OpenDataDecryptor.Release(buffer, length);
        }
    }

    /// <summary>VerifyAndDecrypt without its span: for callers (<see cref="UserProfileServer"/>) that record their own.</summary>
    internal OpenDataError VerifyAndDecryptCore(string? rawData, string? signature, string? encryptedData, string? iv, string? sessionKey, out DecryptedUserProfile? profile)
    {
        profile = null;
        if (rawData is null or "")
        {
            return OpenDataError.MissingRawData;
        }

        if (signature is null or "")
        {
            return OpenDataError.MissingSignature;
        }

        Span<byte> key = stackalloc byte[16];
        Span<byte> ivBytes = stackalloc byte[16];
        var invalid = OpenDataDecryptor.DecodeKeyAndIv(encryptedData, iv, sessionKey, key, ivBytes);
        if (invalid != OpenDataError.None || sessionKey is null)
        {
            return invalid; // a null key is already InvalidSessionKey
        }

        // UTF-8(rawData + session_key), encoded once: hashed for the signature, then its rawData part compared with the plaintext.
        var signed = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(rawData.Length + sessionKey.Length));
        try
        {
            var rawLength = Encoding.UTF8.GetBytes(rawData, signed);
            var signedLength = rawLength + Encoding.UTF8.GetBytes(sessionKey, signed.AsSpan(rawLength));
            return Signature.Verify(signed.AsSpan(0, signedLength), signature)
                ? DecryptProfile(encryptedData, key, ivBytes, signed.AsSpan(0, rawLength), checkRawData: true, out profile)
                : OpenDataError.SignatureMismatch;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            ArrayPool<byte>.Shared.Return(signed, clearArray: true);
        }
    }

    private OpenDataError DecryptProfile(string? encryptedData, string? iv, string? sessionKey, out DecryptedUserProfile? profile)
    {
        profile = null;
        Span<byte> key = stackalloc byte[16];
        Span<byte> ivBytes = stackalloc byte[16];
        if (OpenDataDecryptor.DecodeKeyAndIv(encryptedData, iv, sessionKey, key, ivBytes) is var invalid and not OpenDataError.None)
        {
            return invalid;
        }

        var error = DecryptProfile(encryptedData, key, ivBytes, default, checkRawData: false, out profile);
        CryptographicOperations.ZeroMemory(key);
        return error;
    }

    /// <summary>
    /// Decrypts and checks a profile. After AES the same work runs whether the padding was valid or not: the strict,
    /// non-throwing parse over the same bytes, the watermark check and the rawData comparison. The padding verdict is
    /// applied last. A wrong key whose padding passes by chance (about 1 in 256) still fails: its plaintext is not
    /// JSON with a watermark.
    /// </summary>
    private OpenDataError DecryptProfile(
        string? encryptedData, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> rawData, bool checkRawData, out DecryptedUserProfile? profile)
    {
        profile = null;
        var error = OpenDataDecryptor.TryDecrypt(encryptedData, key, iv, out var buffer, out var length, out var paddingValid);
        if (error != OpenDataError.None)
        {
            return error;
        }

        try
        {
            error = CheckPlaintext(buffer.AsSpan(0, length), rawData, checkRawData, out var fields);

            // The padding verdict comes last: everything above ran over the same bytes whatever it was.
            if (!paddingValid)
            {
                return OpenDataError.DecryptionFailed;
            }

            if (error == OpenDataError.None)
            {
                // What VerifyAndDecrypt returns is what the signature covers plus the watermark: an openId or unionId in
                // encryptedData sits in the first block, which the IV rewrites at will, so it is never handed out as trusted.
                profile = checkRawData
                    ? new DecryptedUserProfile(fields.UserInfo, null, null, fields.Watermark!)
                    : new DecryptedUserProfile(fields.UserInfo, fields.OpenId, fields.UnionId, fields.Watermark!);
            }

            return error;
        }
        finally
        {
            OpenDataDecryptor.Release(buffer, length);
        }
    }

    /// <summary>
    /// Everything a profile decryption does after AES and before the padding verdict: the strict parse, the watermark
    /// check and the rawData comparison. A function of the plaintext bytes alone, so it does the same work whether the
    /// padding was valid or not; it throws nothing.
    /// </summary>
    internal OpenDataError CheckPlaintext(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> rawData, bool checkRawData, out ProfileFields fields)
    {
        if (!ProfileJsonReader.TryRead(plaintext, out fields) || fields.Watermark is null)
        {
            return OpenDataError.DecryptionFailed;
        }

        var error = WatermarkCheck.Check(fields.Watermark.AppId, fields.Watermark.Timestamp, _options);
        return error == OpenDataError.None && checkRawData && !MatchesRawData(plaintext, fields, rawData)
            ? OpenDataError.RawDataMismatch
            : error;
    }

    /// <summary>
    /// Checks that the decrypted members are exactly rawData's plus the watermark (and the openId and unionId of
    /// getUserInfo-format data). Fast path: the plaintext is rawData with the watermark appended, byte for byte, as
    /// WeChat and this SDK write it; with duplicate members rejected, equal bytes mean equal members. Otherwise both
    /// sides are read and compared member by member, presence included.
    /// </summary>
    private static bool MatchesRawData(ReadOnlySpan<byte> plaintext, in ProfileFields decrypted, ReadOnlySpan<byte> rawData)
    {
        var body = rawData.Length - 1;
        if (decrypted.WatermarkIsLast && body > 1 && rawData[body] == (byte)'}'
            && decrypted.WatermarkNameStart == body + 2 && plaintext[body] == (byte)',' && plaintext[..body].SequenceEqual(rawData[..body]))
        {
            return true;
        }

        return ProfileJsonReader.TryRead(rawData, out var signed) && ProfileJsonReader.SameUserInfo(decrypted, signed);
    }
}
