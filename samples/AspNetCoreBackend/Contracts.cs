using System.Text.Json.Serialization;
using WeChatMiniProgram.UserProfile.Server;

namespace AspNetCoreBackend;

/// <summary><c>POST /login</c>: the code the mini program's wx.login returned.</summary>
public sealed record LoginRequest(string? Code);

/// <summary><c>POST /login</c>'s answer: the app's own session token and the user's openid. Never the session key.</summary>
public sealed record LoginResponse(string Token, [property: JsonPropertyName("openid")] string OpenId);

/// <summary><c>POST /profile</c>'s body: the client's getUserProfile result (other fields, such as userInfo and errMsg, are ignored).</summary>
public sealed record ProfileSubmission(string? RawData, string? Signature, string? EncryptedData, string? Iv);

/// <summary><c>POST /profile</c>'s answer: the verified profile, its fields by their WeChat names, and the watermark's time.</summary>
public sealed record VerifiedProfile(string NickName, int Gender, string Language, string City, string Province, string Country, string AvatarUrl, long IssuedAt)
{
    /// <summary>The answer for a profile the server verified.</summary>
    public static VerifiedProfile From(DecryptedUserProfile profile)
        => new(profile.NickName, (int)profile.Gender, profile.Language, profile.City, profile.Province, profile.Country, profile.AvatarUrl, profile.Watermark.Timestamp);
}
