using System.Security.Claims;
using Microsoft.Extensions.Time.Testing;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Authentication;

public sealed class WeChatSessionTokensTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Issue_ThenValidate_CarriesOpenIdUnionIdAndAppId()
    {
        var tokens = Tokens("wx4f4bc4dec97d474b", "0123456789abcdef0123456789abcdef");

        var principal = tokens.Validate(tokens.Issue("oUser", "uUnion", TimeSpan.FromHours(2)), "WeChatSession", out var failure);

        failure.Should().BeNull();
        (principal!.GetWeChatOpenId(), principal!.FindFirst(WeChatClaimTypes.UnionId)?.Value, principal!.GetWeChatAppId()).Should().Be(("oUser", "uUnion", "wx4f4bc4dec97d474b"));
        principal!.FindFirst(ClaimTypes.NameIdentifier)!.Value.Should().Be("oUser");
    }

    [Fact]
    public void Validate_ExpiredAlteredOrAnotherAppsToken_IsRefusedWithItsReason()
    {
        var tokens = Tokens("wx4f4bc4dec97d474b", "0123456789abcdef0123456789abcdef");
        var token = tokens.Issue("oUser", null, TimeSpan.FromHours(2));
        var otherApp = Tokens("wx4f4bc4dec97d474b", "fedcba9876543210fedcba9876543210").Issue("oUser", null, TimeSpan.FromHours(2));
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        tokens.Validate(otherApp, "s", out var foreign).Should().BeNull();
        foreign.Should().Contain("not issued by this app");
        tokens.Validate(altered, "s", out _).Should().BeNull();
        tokens.Validate("x.y", "s", out var malformed).Should().BeNull();
        malformed.Should().Contain("malformed");
        tokens.Validate(new string('a', 600) + ".b", "s", out _).Should().BeNull();

        _time.Advance(TimeSpan.FromHours(2));
        tokens.Validate(token, "s", out var expired).Should().BeNull();
        expired.Should().Contain("expired");
    }

    [Fact]
    public void ToString_HoldsNoKey()
        => Tokens("wx4f4bc4dec97d474b", "0123456789abcdef0123456789abcdef").ToString().Should().NotContain("0123456789abcdef");

    private WeChatSessionTokens Tokens(string appId, string secret) => new(new UserProfileServerOptions { AppId = appId, AppSecret = secret }, _time);
}
