using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The phone-number open data (from getPhoneNumber's encryptedData), decrypted the same way as the profile.
/// </summary>
/// <remarks><see cref="ToString"/> redacts the number.</remarks>
public sealed class PhoneNumberInfo
{
    /// <summary>Initializes a new instance of the <see cref="PhoneNumberInfo"/> class.</summary>
    /// <param name="phoneNumber">The number with its country code, as the user entered it.</param>
    /// <param name="purePhoneNumber">The number without the country code.</param>
    /// <param name="countryCode">The country code.</param>
    /// <param name="watermark">The watermark.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    [JsonConstructor]
    public PhoneNumberInfo(string phoneNumber, string purePhoneNumber, string countryCode, Watermark watermark)
    {
        ArgumentNullException.ThrowIfNull(phoneNumber);
        ArgumentNullException.ThrowIfNull(purePhoneNumber);
        ArgumentNullException.ThrowIfNull(countryCode);
        ArgumentNullException.ThrowIfNull(watermark);
        PhoneNumber = phoneNumber;
        PurePhoneNumber = purePhoneNumber;
        CountryCode = countryCode;
        Watermark = watermark;
    }

    /// <summary>Gets the number with its country code, as the user entered it.</summary>
    [JsonPropertyName("phoneNumber")]
    public string PhoneNumber { get; }

    /// <summary>Gets the number without the country code.</summary>
    [JsonPropertyName("purePhoneNumber")]
    public string PurePhoneNumber { get; }

    /// <summary>Gets the country code.</summary>
    [JsonPropertyName("countryCode")]
    public string CountryCode { get; }

    /// <summary>Gets the watermark.</summary>
    [JsonPropertyName("watermark")]
    public Watermark Watermark { get; }

    /// <summary>Returns a description with the number redacted.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"PhoneNumberInfo {{ number redacted, {Watermark} }}";
}
