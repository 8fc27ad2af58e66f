using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using WeChatMiniProgram.UserProfile.Crypto;
using WeChatMiniProgram.UserProfile.Diagnostics;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The verified path of the backend: checks rawData's signature, decrypts encryptedData, checks its watermark and that
/// it matches rawData, and reports every failure with the official WXBizDataCrypt code and a reason that says what to
/// do. Decryption without a signature is <see cref="OpenDataDecryptor"/>.
/// </summary>
/// <remarks>
/// Thread-safe and immutable: build one per mini program and share it. A wrong or stale session_key ends in
/// <see cref="OpenDataError.SignatureMismatch"/>, never in a garbage result. Once the signature has verified, the key
/// is proven current, so data that then fails to decrypt is named <see cref="OpenDataError.EncryptedDataTampered"/>.
/// </remarks>
public sealed class UserProfileVerifier
{
    private readonly WatermarkRules _rules;

    /// <summary>Initializes a new instance of the <see cref="UserProfileVerifier"/> class.</summary>
    /// <param name="options">The watermark rules; validated here and copied.</param>
    /// <param name="timeProvider">The clock for <see cref="OpenDataOptions.MaxDataAge"/>; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names each problem.</exception>
    public UserProfileVerifier(OpenDataOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsErrors.ThrowIfAny(nameof(OpenDataOptions), options.GetValidationErrors());
        _rules = new WatermarkRules(options.Clone(), timeProvider ?? TimeProvider.System);
    }

    /// <summary>Gets the AppId every watermark must carry.</summary>
    internal string AppId => _rules.AppId;

    /// <summary>
    /// Checks that <paramref name="sessionKey"/> is what code2Session returns: the canonical base64 of 16 bytes
    /// (24 characters ending in "=="), the rule every API of this package applies to a session key.
    /// </summary>
    /// <param name="sessionKey">The session key to check.</param>
    /// <returns><see langword="true"/> when it is a well-formed session key.</returns>
    public static bool IsValidSessionKey(string? sessionKey)
    {
        Span<byte> key = stackalloc byte[16];
        var valid = Base64Field.TryDecodeSessionKey(sessionKey, key);
        CryptographicOperations.ZeroMemory(key);
        return valid;
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
    public static bool VerifySignature(string rawData, string signature, string sessionKey)
        => IsValidSessionKey(sessionKey) && rawData is not null && signature is not null && Signature.Verify(rawData, signature, sessionKey);

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
        var invalid = OpenDataPlaintext.DecodeKeyAndIv(encryptedData, iv, sessionKey, key, ivBytes);
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
                ? DecryptSigned(encryptedData, key, ivBytes, signed.AsSpan(0, rawLength), out profile)
                : OpenDataError.SignatureMismatch;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            ArrayPool<byte>.Shared.Return(signed, clearArray: true);
        }
    }

    /// <summary>
    /// Decrypts data whose signature has verified and checks it: the strict parse, the watermark and the rawData
    /// comparison run over the same bytes whatever the padding, and the verdict comes last. A wrong key whose padding
    /// passes by chance (about 1 in 256) still fails: its plaintext is not JSON with a watermark.
    /// </summary>
    private OpenDataError DecryptSigned(string? encryptedData, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> rawData, out DecryptedUserProfile? profile)
    {
        profile = null;
        var error = OpenDataPlaintext.Decrypt(encryptedData, key, iv, out var plaintext);
        using (plaintext)
        {
            if (error != OpenDataError.None)
            {
                return error;
            }

            var checks = _rules.CheckProfile(plaintext.Bytes, out var fields);
            if (checks == OpenDataError.None && !MatchesRawData(plaintext.Bytes, fields, rawData))
            {
                checks = OpenDataError.RawDataMismatch;
            }

            error = plaintext.Conclude(checks);
            if (error == OpenDataError.None)
            {
                // What VerifyAndDecrypt returns is what the signature covers plus the watermark: an openId or unionId in
                // encryptedData sits in the first block, which the IV rewrites at will, so it is never handed out as trusted.
                profile = new DecryptedUserProfile(fields.UserInfo, null, null, fields.Watermark!);
            }
        }

        // The signature verified under this key, so the key is current: data that does not decrypt under it was altered.
        return error == OpenDataError.DecryptionFailed ? OpenDataError.EncryptedDataTampered : error;
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
