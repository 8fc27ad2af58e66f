using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The one stored form of a <see cref="WeChatProfile"/> and a <see cref="MediaCheckTicket"/>, for stores shared by
/// several instances (Redis, PostgreSQL): compact UTF-8 JSON, versioned. Shared stores encrypt it at rest.
/// </summary>
public static class WeChatProfileFormat
{
    /// <summary>Writes <paramref name="profile"/> in the stored form.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    public static byte[] Serialize(WeChatProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return JsonSerializer.SerializeToUtf8Bytes(new StoredProfile(1, profile), ProfileStoreJsonContext.Default.StoredProfile);
    }

    /// <summary>Reads the stored profile of <paramref name="appId"/>'s user <paramref name="openId"/>; anything else is refused, never half-read.</summary>
    /// <param name="utf8Json">The stored bytes.</param>
    /// <param name="appId">The AppId the entry must belong to.</param>
    /// <param name="openId">The openid the entry must belong to.</param>
    /// <param name="profile">The profile, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the bytes are this user's profile.</returns>
    public static bool TryDeserialize(ReadOnlySpan<byte> utf8Json, string appId, string openId, [NotNullWhen(true)] out WeChatProfile? profile)
    {
        profile = null;
        try
        {
            if (JsonSerializer.Deserialize(utf8Json, ProfileStoreJsonContext.Default.StoredProfile) is { Version: 1, Profile: { } stored }
                && string.Equals(stored.AppId, appId, StringComparison.Ordinal) && string.Equals(stored.OpenId, openId, StringComparison.Ordinal))
            {
                profile = stored;
            }
        }
        catch (JsonException)
        {
        }

        return profile is not null;
    }

    /// <summary>Writes <paramref name="ticket"/> in the stored form.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <returns>UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> is <see langword="null"/>.</exception>
    public static byte[] Serialize(MediaCheckTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return JsonSerializer.SerializeToUtf8Bytes(ticket, ProfileStoreJsonContext.Default.MediaCheckTicket);
    }

    /// <summary>Reads a stored ticket of <paramref name="traceId"/>.</summary>
    /// <param name="utf8Json">The stored bytes.</param>
    /// <param name="traceId">The trace id the ticket must be for.</param>
    /// <param name="ticket">The ticket, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the bytes are that trace's ticket.</returns>
    public static bool TryDeserialize(ReadOnlySpan<byte> utf8Json, string traceId, [NotNullWhen(true)] out MediaCheckTicket? ticket)
    {
        ticket = null;
        try
        {
            if (JsonSerializer.Deserialize(utf8Json, ProfileStoreJsonContext.Default.MediaCheckTicket) is { AppId.Length: > 0, OpenId.Length: > 0, AvatarId.Length: > 0 } stored
                && string.Equals(stored.TraceId, traceId, StringComparison.Ordinal))
            {
                ticket = stored;
            }
        }
        catch (JsonException)
        {
        }

        return ticket is not null;
    }
}

/// <summary>A profile entry as every shared store keeps it.</summary>
internal sealed record StoredProfile([property: JsonPropertyName("v")] int Version, [property: JsonPropertyName("profile")] WeChatProfile? Profile);

[JsonSerializable(typeof(StoredProfile))]
[JsonSerializable(typeof(MediaCheckTicket))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ProfileStoreJsonContext : JsonSerializerContext;
