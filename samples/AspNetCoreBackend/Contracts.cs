namespace AspNetCoreBackend;

/// <summary>The stand-in login's request: who logs in.</summary>
public sealed record LoginRequest(string? User);

/// <summary>The stand-in login's answer.</summary>
public sealed record LoginResponse(string Token, string SessionKey);

/// <summary>The fields of the client's getUserProfile result that the backend needs.</summary>
public sealed record ProfileSubmission(string RawData, string Signature, string EncryptedData, string Iv);

/// <summary>The verified profile the backend answers with.</summary>
public sealed record VerifiedProfile(string NickName, int Gender, string Language, string City, string Province, string Country, string AvatarUrl, long IssuedAt);
