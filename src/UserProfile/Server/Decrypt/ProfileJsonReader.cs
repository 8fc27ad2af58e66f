using System.Text.Json;

namespace UserProfile.Server;

/// <summary>
/// Reads decrypted open data with <see cref="Utf8JsonReader"/> straight from the plaintext bytes: the userInfo fields,
/// openId, unionId and the watermark. Malformed input returns <see langword="false"/>, never an exception.
/// </summary>
internal static class ProfileJsonReader
{
    private const int NickNameField = 1;
    private const int GenderField = 2;
    private const int LanguageField = 4;
    private const int CityField = 8;
    private const int ProvinceField = 16;
    private const int CountryField = 32;
    private const int AvatarUrlField = 64;
    private const int AllUserInfoFields = 127;
    private const int OpenIdField = 128;
    private const int UnionIdField = 256;
    private const int WatermarkField = 512;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 8 };

    private static int FieldOf(ref Utf8JsonReader reader)
        => reader.ValueTextEquals("nickName"u8) ? NickNameField
            : reader.ValueTextEquals("gender"u8) ? GenderField
            : reader.ValueTextEquals("language"u8) ? LanguageField
            : reader.ValueTextEquals("city"u8) ? CityField
            : reader.ValueTextEquals("province"u8) ? ProvinceField
            : reader.ValueTextEquals("country"u8) ? CountryField
            : reader.ValueTextEquals("avatarUrl"u8) ? AvatarUrlField
            : reader.ValueTextEquals("openId"u8) ? OpenIdField
            : reader.ValueTextEquals("unionId"u8) ? UnionIdField
            : reader.ValueTextEquals("watermark"u8) ? WatermarkField
            : 0;

    /// <summary>
    /// Reads the profile and reports its <paramref name="layout"/>. A field that appears twice is rejected, so what
    /// the reader returns is what every JSON reader would see.
    /// </summary>
    public static bool TryReadProfile(
        ReadOnlySpan<byte> json, out UserInfo userInfo, out string? openId, out string? unionId, out Watermark? watermark, out ProfileLayout layout)
    {
        userInfo = null!;
        openId = null;
        unionId = null;
        watermark = null;
        layout = default;
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string nickName = string.Empty, language = string.Empty, city = string.Empty, province = string.Empty, country = string.Empty, avatarUrl = string.Empty;
            var gender = Gender.Unknown;
            var seen = 0;
            var watermarkStart = -1;
            var watermarkIsLast = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldOf(ref reader);
                if (field != 0 && (seen & field) != 0)
                {
                    return false; // a duplicate field
                }

                seen |= field;
                watermarkIsLast = false;
                var ok = true;
                switch (field)
                {
                    case NickNameField: ok = TryReadString(ref reader, out nickName); break;
                    case GenderField: ok = TryReadGender(ref reader, out gender); break;
                    case LanguageField: ok = TryReadString(ref reader, out language); break;
                    case CityField: ok = TryReadString(ref reader, out city); break;
                    case ProvinceField: ok = TryReadString(ref reader, out province); break;
                    case CountryField: ok = TryReadString(ref reader, out country); break;
                    case AvatarUrlField: ok = TryReadString(ref reader, out avatarUrl); break;
                    case OpenIdField: ok = TryReadString(ref reader, out var open); openId = open; break;
                    case UnionIdField: ok = TryReadString(ref reader, out var union); unionId = union; break;
                    case WatermarkField:
                        watermarkStart = (int)reader.TokenStartIndex;
                        watermarkIsLast = true;
                        ok = TryReadWatermarkObject(ref reader, out watermark);
                        break;
                    default: reader.Skip(); break;
                }

                if (!ok)
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || watermark is null)
            {
                return false;
            }

            userInfo = new UserInfo
            {
                NickName = nickName,
                Gender = gender,
                Language = language,
                City = city,
                Province = province,
                Country = country,
                AvatarUrl = avatarUrl,
            };
            layout = new ProfileLayout((seen & AllUserInfoFields) == AllUserInfoFields, watermarkStart, watermarkIsLast);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader throws this for strings that are not valid UTF-8.
            return false;
        }
    }

    /// <summary>Finds the top-level watermark of any open data object, skipping everything else.</summary>
    public static bool TryReadWatermark(ReadOnlySpan<byte> json, out Watermark? watermark)
    {
        watermark = null;
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("watermark"u8))
                {
                    if (!TryReadWatermarkObject(ref reader, out watermark))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && watermark is not null;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks that rawData holds exactly the given userInfo fields, comparing in place without allocating strings.
    /// Every one of the seven fields must be present.
    /// </summary>
    public static bool RawDataMatches(ReadOnlySpan<byte> rawData, UserInfo expected)
    {
        try
        {
            var reader = new Utf8JsonReader(rawData, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldOf(ref reader);
                bool equal;
                switch (field)
                {
                    case NickNameField: equal = NextStringEquals(ref reader, expected.NickName); break;
                    case GenderField: equal = TryReadGender(ref reader, out var gender) && gender == expected.Gender; break;
                    case LanguageField: equal = NextStringEquals(ref reader, expected.Language); break;
                    case CityField: equal = NextStringEquals(ref reader, expected.City); break;
                    case ProvinceField: equal = NextStringEquals(ref reader, expected.Province); break;
                    case CountryField: equal = NextStringEquals(ref reader, expected.Country); break;
                    case AvatarUrlField: equal = NextStringEquals(ref reader, expected.AvatarUrl); break;
                    default: reader.Skip(); continue;
                }

                if (!equal || (seen & field) != 0)
                {
                    return false;
                }

                seen |= field;
            }

            return seen == AllUserInfoFields && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool NextStringEquals(ref Utf8JsonReader reader, string expected)
        => reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(expected);

    private static bool TryReadString(ref Utf8JsonReader reader, out string value)
    {
        if (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static bool TryReadGender(ref Utf8JsonReader reader, out Gender gender)
    {
        gender = Gender.Unknown;
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value) || value is < 0 or > 2)
        {
            return false;
        }

        gender = (Gender)value;
        return true;
    }

    private static bool TryReadWatermarkObject(ref Utf8JsonReader reader, out Watermark? watermark)
    {
        watermark = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? appId = null;
        long? timestamp = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("appid"u8))
            {
                if (!TryReadString(ref reader, out var value))
                {
                    return false;
                }

                appId = value;
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
                {
                    return false;
                }

                timestamp = value;
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || appId is null || timestamp is null)
        {
            return false;
        }

        watermark = new Watermark(appId, timestamp.Value);
        return true;
    }
}

/// <summary>
/// Where things sit in decrypted profile JSON: whether all seven userInfo fields were present, and where the watermark
/// property starts and whether it is the last one. The verifier uses it to compare plaintext with rawData byte for byte.
/// </summary>
internal readonly record struct ProfileLayout(bool HasAllUserInfoFields, int WatermarkStart, bool WatermarkIsLast);
