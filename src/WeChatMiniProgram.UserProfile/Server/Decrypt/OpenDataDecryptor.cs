using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WeChatMiniProgram.UserProfile.Diagnostics;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Decrypts open data without a signature: getUserInfo- or getUserProfile-format profiles, the phone number, and any
/// other data protected the same way (WeRun, share info), after checking its watermark against
/// <see cref="OpenDataOptions"/>.
/// </summary>
/// <remarks>
/// <para>
/// Decryption alone authenticates nothing: AES-CBC lets whoever controls the iv rewrite the first 16 bytes of the
/// plaintext at will, and that is where a profile's openId sits. For a getUserProfile result, which carries rawData and
/// a signature, use <see cref="UserProfileVerifier"/>; take the user's openid from code2Session, never from
/// encryptedData.
/// </para>
/// <para>
/// Thread-safe and immutable: build one per mini program and share it. A wrong or stale session_key always ends in
/// <see cref="OpenDataError.DecryptionFailed"/> (-41003), never in a garbage result; padding and JSON failures are
/// indistinguishable to the caller.
/// </para>
/// </remarks>
public sealed class OpenDataDecryptor
{
    private readonly WatermarkRules _rules;

    /// <summary>Initializes a new instance of the <see cref="OpenDataDecryptor"/> class.</summary>
    /// <param name="options">The watermark rules; validated here and copied.</param>
    /// <param name="timeProvider">The clock for <see cref="OpenDataOptions.MaxDataAge"/>; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names each problem.</exception>
    public OpenDataDecryptor(OpenDataOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsErrors.ThrowIfAny(nameof(OpenDataOptions), options.GetValidationErrors());
        _rules = new WatermarkRules(options.Clone(), timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Decrypts a profile's encryptedData and checks its watermark, returning every decrypted field, including the
    /// openId and unionId that getUserInfo-format data carries (unauthenticated: see the class remarks).
    /// </summary>
    /// <param name="encryptedData">The base64 ciphertext.</param>
    /// <param name="iv">The base64 IV.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <returns>The decrypted profile.</returns>
    /// <exception cref="OpenDataException">The data cannot be decrypted or fails a check; <see cref="OpenDataException.ErrorCode"/> says which.</exception>
    public DecryptedUserProfile DecryptUserProfile(string encryptedData, string iv, string sessionKey)
        => TryDecryptUserProfile(encryptedData, iv, sessionKey, out var profile, out var error) ? profile : throw new OpenDataException(error);

    /// <summary>The exception-free form of <see cref="DecryptUserProfile"/>, for hot paths.</summary>
    /// <param name="encryptedData">The base64 ciphertext.</param>
    /// <param name="iv">The base64 IV.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <param name="profile">The decrypted profile when the method returns <see langword="true"/>.</param>
    /// <param name="error">Why it failed, or <see cref="OpenDataError.None"/>.</param>
    /// <returns><see langword="true"/> when the data decrypted and passed every check.</returns>
    public bool TryDecryptUserProfile(string encryptedData, string iv, string sessionKey, [NotNullWhen(true)] out DecryptedUserProfile? profile, out OpenDataError error)
    {
        using var activity = UserProfileDiagnostics.StartServer("UserProfile.DecryptUserProfile");
        profile = null;
        error = OpenDataPlaintext.Decrypt(encryptedData, iv, sessionKey, out var plaintext);
        using (plaintext)
        {
            if (error == OpenDataError.None)
            {
                error = plaintext.Conclude(_rules.CheckProfile(plaintext.Bytes, out var fields));
                if (error == OpenDataError.None)
                {
                    profile = new DecryptedUserProfile(fields.UserInfo, fields.OpenId, fields.UnionId, fields.Watermark!);
                }
            }
        }

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
        T? value = default;
        var error = OpenDataPlaintext.Decrypt(encryptedData, iv, sessionKey, out var plaintext);
        using (plaintext)
        {
            if (error == OpenDataError.None && (error = plaintext.ReadWatermark(out var watermark)) == OpenDataError.None
                && (error = _rules.Check(watermark!.AppId, watermark.Timestamp)) == OpenDataError.None)
            {
                // Reached only with strict, well-formed JSON whose padding was valid; what is left to fail is the model's shape.
                try
                {
                    value = JsonSerializer.Deserialize(plaintext.Bytes, typeInfo);
                }
                catch (JsonException)
                {
                    // The JsonException's message could quote the plaintext, so it is dropped, not kept as an inner exception.
                    value = default;
                }

                error = value is null ? OpenDataError.DecryptionFailed : OpenDataError.None;
            }
        }

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
    /// For tools and diagnostics only: decrypts any open data and returns its JSON text and its watermark with no check
    /// of the AppId or the time, so a tool can show data whose AppId it does not know yet. Strict JSON with a
    /// well-formed watermark is required, as everywhere.
    /// </summary>
    /// <param name="encryptedData">The base64 ciphertext.</param>
    /// <param name="iv">The base64 IV.</param>
    /// <param name="sessionKey">The session_key of the user's login.</param>
    /// <param name="json">The decrypted JSON, exactly as encrypted, when the method returns <see cref="OpenDataError.None"/>.</param>
    /// <param name="watermark">Its watermark, when the method returns <see cref="OpenDataError.None"/>.</param>
    /// <returns><see cref="OpenDataError.None"/>, or why the data cannot be decrypted.</returns>
    public static OpenDataError Inspect(string encryptedData, string iv, string sessionKey, out string? json, out Watermark? watermark)
    {
        json = null;
        watermark = null;
        var error = OpenDataPlaintext.Decrypt(encryptedData, iv, sessionKey, out var plaintext);
        using (plaintext)
        {
            if (error == OpenDataError.None && (error = plaintext.ReadWatermark(out watermark)) == OpenDataError.None)
            {
                json = Encoding.UTF8.GetString(plaintext.Bytes);
            }
        }

        return error;
    }
}
