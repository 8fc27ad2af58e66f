using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using UserProfile.Crypto;
using UserProfile.Diagnostics;

namespace UserProfile.Server;

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
    /// <returns><see langword="true"/> when the signature matches; <see langword="false"/> otherwise, including for <see langword="null"/> or malformed input.</returns>
#pragma warning disable CA1822 // An instance member on purpose: the verifier is the one object a backend holds.
    public bool VerifySignature(string rawData, string signature, string sessionKey)
#pragma warning restore CA1822
        => rawData is not null && signature is not null && sessionKey is not null && Signature.Verify(rawData, signature, sessionKey);

    /// <summary>Decrypts getUserProfile's (or getUserInfo's) encryptedData and checks its watermark.</summary>
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
    /// the decrypted profile equals rawData, so tampering with the IV cannot change what the backend trusts.
    /// </summary>
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

    private OpenDataError DecryptModel<T>(string encryptedData, string iv, string sessionKey, JsonTypeInfo<T> typeInfo, out T? value)
    {
        value = default;
        var error = OpenDataDecryptor.TryDecrypt(encryptedData, iv, sessionKey, out var buffer, out var length);
        if (error != OpenDataError.None)
        {
            return error;
        }

        try
        {
            var plaintext = buffer.AsSpan(0, length);
            if (!ProfileJsonReader.TryReadWatermark(plaintext, out var watermark))
            {
                return OpenDataError.DecryptionFailed;
            }

            error = WatermarkCheck.Check(watermark!.AppId, watermark.Timestamp, _options);
            if (error != OpenDataError.None)
            {
                return error;
            }

            try
            {
                value = JsonSerializer.Deserialize(plaintext, typeInfo);
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

    private OpenDataError VerifyAndDecryptCore(string? rawData, string? signature, string? encryptedData, string? iv, string? sessionKey, out DecryptedUserProfile? profile)
    {
        profile = null;
        Span<byte> key = stackalloc byte[16];
        Span<byte> ivBytes = stackalloc byte[16];
        if (sessionKey is null)
        {
            return OpenDataError.InvalidSessionKey;
        }

        if (DecodeKeyAndIv(sessionKey, iv, key, ivBytes) is var invalid and not OpenDataError.None)
        {
            return invalid;
        }

        if (rawData is null || signature is null)
        {
            return OpenDataError.SignatureMismatch;
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
        if (DecodeKeyAndIv(sessionKey, iv, key, ivBytes) is var invalid and not OpenDataError.None)
        {
            return invalid;
        }

        var error = DecryptProfile(encryptedData, key, ivBytes, default, checkRawData: false, out profile);
        CryptographicOperations.ZeroMemory(key);
        return error;
    }

    private OpenDataError DecryptProfile(
        string? encryptedData, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> rawData, bool checkRawData, out DecryptedUserProfile? profile)
    {
        profile = null;
        var error = OpenDataDecryptor.TryDecrypt(encryptedData, key, iv, out var buffer, out var length);
        if (error != OpenDataError.None)
        {
            return error;
        }

        try
        {
            // A wrong key whose padding passes by chance (about 1 in 256) still fails here: its plaintext is not JSON with a watermark.
            var plaintext = buffer.AsSpan(0, length);
            if (!ProfileJsonReader.TryReadProfile(plaintext, out var userInfo, out var openId, out var unionId, out var watermark, out var layout))
            {
                return OpenDataError.DecryptionFailed;
            }

            error = WatermarkCheck.Check(watermark!.AppId, watermark.Timestamp, _options);
            if (error == OpenDataError.None && checkRawData && !MatchesRawData(plaintext, layout, rawData, userInfo))
            {
                error = OpenDataError.RawDataMismatch;
            }

            if (error == OpenDataError.None)
            {
                profile = new DecryptedUserProfile(userInfo, openId, unionId, watermark);
            }

            return error;
        }
        finally
        {
            OpenDataDecryptor.Release(buffer, length);
        }
    }

    /// <summary>Decodes the session key and IV, each of which must be the base64 of 16 bytes, in that order of blame.</summary>
    private static OpenDataError DecodeKeyAndIv(string? sessionKey, string? iv, Span<byte> key16, Span<byte> iv16)
        => !Base64Field.TryDecode16(sessionKey, key16) ? OpenDataError.InvalidSessionKey
            : !Base64Field.TryDecode16(iv, iv16) ? OpenDataError.InvalidIv
            : OpenDataError.None;

    /// <summary>
    /// Checks that the decrypted profile is the one rawData states. Fast path: the plaintext is rawData with the
    /// watermark appended, byte for byte, as WeChat and this SDK write it (the reader has already rejected duplicate
    /// fields, so equal bytes mean equal fields). Otherwise the seven fields are compared one by one.
    /// </summary>
    private static bool MatchesRawData(ReadOnlySpan<byte> plaintext, ProfileLayout layout, ReadOnlySpan<byte> rawData, UserInfo decrypted)
    {
        var body = rawData.Length - 1;
        if (layout.HasAllUserInfoFields && layout.WatermarkIsLast && body > 0 && rawData[body] == (byte)'}'
            && layout.WatermarkStart == body + 1 && plaintext[body] == (byte)',' && plaintext[..body].SequenceEqual(rawData[..body]))
        {
            return true;
        }

        return ProfileJsonReader.RawDataMatches(rawData, decrypted);
    }
}
