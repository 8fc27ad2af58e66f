using System.Text.Json.Serialization;

namespace AspNetCoreBackend.Tests;

/// <summary>The sample's HTTP contract, as a client writes and reads it (the sample itself has no such types: its endpoints come from the package).</summary>
public sealed record LoginRequest(string? Code);

public sealed record LoginResponse(string Token, [property: JsonPropertyName("expires_in")] long ExpiresIn, [property: JsonPropertyName("openid")] string OpenId);

public sealed record ProfileSubmission(string? RawData, string? Signature, string? EncryptedData, string? Iv);

public sealed record VerifiedProfile(string NickName, int Gender, string Language, string City, string Province, string Country, string AvatarUrl);
