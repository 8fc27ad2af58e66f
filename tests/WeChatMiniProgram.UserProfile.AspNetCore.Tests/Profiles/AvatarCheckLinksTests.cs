using Microsoft.AspNetCore.DataProtection;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Profiles;

/// <summary>The avatars' URLs and the check links WeChat downloads them through.</summary>
public sealed class AvatarCheckLinksTests
{
    private readonly AvatarRoutes _routes = new();

    [Theory]
    [InlineData("/avatars", "https://api.example.com", "https://api.example.com/avatars/abc")]
    [InlineData("/avatars/", "https://api.example.com/app", "https://api.example.com/app/avatars/abc")]
    [InlineData("/u/avatars", "http://127.0.0.1:5000", "http://127.0.0.1:5000/u/avatars/abc")]
    public void Url_JoinsTheAddressTheRouteAndTheId(string route, string baseAddress, string expected)
    {
        _routes.Path = route;

        _routes.Url(baseAddress, "abc").Should().Be(expected);
        _routes.Path.Should().Be(route.TrimEnd('/'));
    }

    [Fact]
    public void ALink_OpensItsOwnAvatarOnly()
    {
        var links = new AvatarCheckLinks(new EphemeralDataProtectionProvider(), _routes);

        var link = links.Create("https://api.example.com", "abc");

        link.GetLeftPart(UriPartial.Path).Should().Be("https://api.example.com/avatars/abc");
        var token = Uri.UnescapeDataString(link.Query["?check=".Length..]);
        links.IsValid("abc", token).Should().BeTrue();
        links.IsValid("abd", token).Should().BeFalse();
        links.IsValid("abc", token[..^2]).Should().BeFalse();
    }

    [Fact]
    public void AnAddressWeChatCannotDownloadFrom_IsA400NamingPublicBaseAddress()
    {
        var links = new AvatarCheckLinks(new EphemeralDataProtectionProvider(), _routes);

        var refused = FluentActions.Invoking(() => links.Create("http://exa mple.com:port", "abc")).Should().Throw<WeChatRequestException>().Which;

        refused.StatusCode.Should().Be(400);
        refused.Error.Should().Be("InvalidHost");
        refused.Message.Should().Contain("PublicBaseAddress");
    }
}
