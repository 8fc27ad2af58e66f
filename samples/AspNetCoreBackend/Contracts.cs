namespace AspNetCoreBackend;

/// <summary><c>POST /login</c>: the code the mini program's wx.login returned.</summary>
public sealed record LoginRequest(string? Code);

/// <summary><c>POST /login</c>'s answer: the app's own session token and the user's openid. Never the session key.</summary>
public sealed record LoginResponse(string Token, string OpenId);

/// <summary>The fields of the client's getUserProfile result that the backend needs.</summary>
public sealed record ProfileSubmission(string? RawData, string? Signature, string? EncryptedData, string? Iv);

/// <summary>The verified profile the backend answers with.</summary>
public sealed record VerifiedProfile(string NickName, int Gender, string Language, string City, string Province, string Country, string AvatarUrl, long IssuedAt);
