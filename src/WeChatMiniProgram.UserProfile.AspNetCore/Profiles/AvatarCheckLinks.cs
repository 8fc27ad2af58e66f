using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The links WeChat downloads an avatar through to check it (mediaCheckAsync): <c>{avatars}/{id}?check={token}</c>,
/// the token sealed by the app's Data Protection key ring and valid for <see cref="Lifetime"/>. An avatar is served to
/// anyone only once it passed; before that, only with a token, so a link that leaks stops working within the hour.
/// </summary>
internal sealed class AvatarCheckLinks(IDataProtectionProvider dataProtection, AvatarRoutes routes)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("WeChatMiniProgram.UserProfile.AspNetCore.AvatarCheck.v1").ToTimeLimitedDataProtector();

    public Uri Create(Uri baseAddress, string avatarId)
        => new(routes.Url(baseAddress, avatarId) + "?check=" + _protector.Protect(avatarId, Lifetime));

    public bool IsValid(string avatarId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return false;
        }

        try
        {
            return string.Equals(_protector.Unprotect(token), avatarId, StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return false; // forged, altered, expired, or sealed by another key ring
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Where <c>MapWeChatProfile</c> serves avatars, to build their absolute URLs.</summary>
internal sealed class AvatarRoutes
{
    public string Path { get; set; } = "/avatars";

    public string Url(Uri baseAddress, string avatarId)
        => baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/') + Path.TrimEnd('/') + "/" + avatarId;
}
