using System.Runtime.CompilerServices;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Reads decrypted open data and rawData through <see cref="StrictJson"/>: the seven userInfo fields (and which of them
/// are present), openId, unionId and the watermark. Never throws: malformed input returns <see langword="false"/>.
/// </summary>
// Its stackalloc'd member tables (64 members, 1.5 KB each) and char buffers are written before they are read, and
// only the written part is read: zeroing them on every call (three tables per profile) was pure cost.
[SkipLocalsInit]
internal static class ProfileJsonReader
{
    private const int NickNameField = 1;
    private const int GenderField = 2;
    private const int LanguageField = 4;
    private const int CityField = 8;
    private const int ProvinceField = 16;
    private const int CountryField = 32;
    private const int AvatarUrlField = 64;

    /// <summary>
    /// Reads the members of a profile object. Any member other than the seven userInfo fields, openId, unionId and
    /// watermark is noted in <see cref="ProfileFields.HasOtherMembers"/>; a watermark that is present must be well-formed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out ProfileFields fields)
    {
        fields = default;
        Span<JsonMember> members = stackalloc JsonMember[StrictJson.MaxMembers];
        if (!StrictJson.TryReadObject(json, members, out var count))
        {
            return false;
        }

        string nickName = string.Empty, language = string.Empty, city = string.Empty, province = string.Empty, country = string.Empty, avatarUrl = string.Empty;
        string? openId = null, unionId = null;
        Watermark? watermark = null;
        var gender = Gender.Unknown;
        var present = 0;
        var hasOther = false;
        var watermarkIndex = -1;
        var ok = true;
        for (var i = 0; i < count; i++)
        {
            var member = members[i];
            var name = StrictJson.NameOf(json, member);
            if (name.SequenceEqual("nickName"u8)) { ok &= StrictJson.TryGetString(json, member, out nickName); present |= NickNameField; }
            else if (name.SequenceEqual("gender"u8)) { ok &= TryGetGender(json, member, out gender); present |= GenderField; }
            else if (name.SequenceEqual("language"u8)) { ok &= StrictJson.TryGetString(json, member, out language); present |= LanguageField; }
            else if (name.SequenceEqual("city"u8)) { ok &= StrictJson.TryGetString(json, member, out city); present |= CityField; }
            else if (name.SequenceEqual("province"u8)) { ok &= StrictJson.TryGetString(json, member, out province); present |= ProvinceField; }
            else if (name.SequenceEqual("country"u8)) { ok &= StrictJson.TryGetString(json, member, out country); present |= CountryField; }
            else if (name.SequenceEqual("avatarUrl"u8)) { ok &= StrictJson.TryGetString(json, member, out avatarUrl); present |= AvatarUrlField; }
            else if (name.SequenceEqual("openId"u8)) { ok &= StrictJson.TryGetString(json, member, out var value); openId = value; }
            else if (name.SequenceEqual("unionId"u8)) { ok &= StrictJson.TryGetString(json, member, out var value); unionId = value; }
            else if (name.SequenceEqual("watermark"u8)) { ok &= TryReadWatermark(json, member, out watermark); watermarkIndex = i; }
            else { hasOther = true; }
        }

        if (!ok)
        {
            return false;
        }

        var userInfo = new UserInfo
        {
            NickName = nickName,
            Gender = gender,
            Language = language,
            City = city,
            Province = province,
            Country = country,
            AvatarUrl = avatarUrl,
        };
        var watermarkNameStart = watermarkIndex < 0 ? -1 : members[watermarkIndex].NameStart;
        fields = new ProfileFields(userInfo, present, openId, unionId, watermark, hasOther, watermarkNameStart, watermarkIndex == count - 1);
        return true;
    }

    /// <summary>Finds and checks the top-level watermark of any open data object.</summary>
    public static bool TryReadWatermark(ReadOnlySpan<byte> json, out Watermark? watermark)
    {
        watermark = null;
        Span<JsonMember> members = stackalloc JsonMember[StrictJson.MaxMembers];
        if (!StrictJson.TryReadObject(json, members, out var count))
        {
            return false;
        }

        var index = StrictJson.IndexOf(json, members[..count], "watermark"u8);
        return index >= 0 && TryReadWatermark(json, members[index], out watermark);
    }

    /// <summary>
    /// Checks that the decrypted fields are exactly rawData's: the same userInfo members present (missing is never
    /// equal to ""), the same values, and nothing else on either side except the watermark, openId and unionId that
    /// getUserInfo-format plaintext carries.
    /// </summary>
    public static bool SameUserInfo(in ProfileFields decrypted, in ProfileFields rawData)
        => !decrypted.HasOtherMembers
            && !rawData.HasOtherMembers
            && rawData.OpenId is null
            && rawData.UnionId is null
            && rawData.Watermark is null
            && decrypted.Present == rawData.Present
            && decrypted.UserInfo == rawData.UserInfo;

    private static bool TryGetGender(ReadOnlySpan<byte> json, in JsonMember member, out Gender gender)
    {
        var ok = StrictJson.TryGetInt64(json, member, out var value) && value is >= 0 and <= 2;
        gender = ok ? (Gender)value : Gender.Unknown;
        return ok;
    }

    private static bool TryReadWatermark(ReadOnlySpan<byte> json, in JsonMember member, out Watermark? watermark)
    {
        watermark = null;
        if (member.Kind != JsonKind.Object)
        {
            return false;
        }

        var body = StrictJson.ValueOf(json, member);
        Span<JsonMember> members = stackalloc JsonMember[StrictJson.MaxMembers];
        if (!StrictJson.TryReadObject(body, members, out var count))
        {
            return false;
        }

        var appIdAt = StrictJson.IndexOf(body, members[..count], "appid"u8);
        var timestampAt = StrictJson.IndexOf(body, members[..count], "timestamp"u8);
        if (appIdAt < 0 || timestampAt < 0
            || !StrictJson.TryGetString(body, members[appIdAt], out var appId)
            || !StrictJson.TryGetInt64(body, members[timestampAt], out var timestamp))
        {
            return false;
        }

        watermark = new Watermark(appId, timestamp);
        return true;
    }
}

/// <summary>
/// What <see cref="ProfileJsonReader.TryRead"/> found: the userInfo fields and which of them were present, openId,
/// unionId, the watermark, whether any other member was there, and where the watermark's name starts and whether it is
/// the last member (so the verifier can compare plaintext with rawData byte for byte).
/// </summary>
internal readonly record struct ProfileFields(
    UserInfo UserInfo,
    int Present,
    string? OpenId,
    string? UnionId,
    Watermark? Watermark,
    bool HasOtherMembers,
    int WatermarkNameStart,
    bool WatermarkIsLast)
{
    /// <summary>All seven userInfo fields.</summary>
    public const int AllUserInfoFields = 127;
}
