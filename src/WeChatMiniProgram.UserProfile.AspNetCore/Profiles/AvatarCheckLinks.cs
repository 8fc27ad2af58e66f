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

    /// <summary>The link for WeChat to download the avatar through; <paramref name="baseAddress"/> has no trailing slash.</summary>
    /// <exception cref="WeChatRequestException">The address is not one WeChat can download from (a 400 naming <c>PublicBaseAddress</c>).</exception>
    public Uri Create(string baseAddress, string avatarId)
        => Uri.TryCreate(routes.Url(baseAddress, avatarId) + "?check=" + _protector.Protect(avatarId, Lifetime), UriKind.Absolute, out var link)
            ? link
            : throw new WeChatRequestException(
                Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest,
                "InvalidHost",
                "This request's Host does not make an address WeChat can download the avatar from: set WeChat:PublicBaseAddress to the address WeChat reaches this backend at.");

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
    private string _path = "/avatars/";

    /// <summary>Gets or sets the avatars' route prefix, such as <c>/avatars</c>.</summary>
    public string Path
    {
        get => _path.TrimEnd('/');
        set => _path = value.TrimEnd('/') + "/";
    }

    /// <summary>The avatar's absolute URL under <paramref name="baseAddress"/>, which has no trailing slash.</summary>
    public string Url(string baseAddress, string avatarId) => string.Concat(baseAddress, _path, avatarId);
}
