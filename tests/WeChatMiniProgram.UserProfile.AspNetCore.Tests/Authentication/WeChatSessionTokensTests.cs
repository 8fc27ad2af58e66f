using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Authentication;

public sealed class WeChatSessionTokensTests
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    [Fact]
    public void Issue_ThenValidate_CarriesOpenIdUnionIdAndAppId()
    {
        var tokens = Tokens(Secret, _keyRing);

        var principal = tokens.Validate(tokens.Issue("oUser", "uUnion", TimeSpan.FromHours(2)), "WeChatSession", out var failure);

        failure.Should().BeNull();
        (principal!.GetWeChatOpenId(), principal!.FindFirst(WeChatClaimTypes.UnionId)?.Value, principal!.GetWeChatAppId()).Should().Be(("oUser", "uUnion", AppId));
        principal!.FindFirst(ClaimTypes.NameIdentifier)!.Value.Should().Be("oUser");
    }

    [Fact]
    public void Issue_SealsThePayload_SoTheTokenShowsNoOpenId()
    {
        var token = Tokens(Secret, _keyRing).Issue("oUserVisible", "uUnionVisible", TimeSpan.FromHours(2));

        token.Should().NotContain(".");
        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Should().NotContain("oUserVisible").And.NotContain("uUnionVisible");
    }

    [Fact]
    public void RotatingTheAppSecret_SignsNoOneOut()
    {
        var token = Tokens(Secret, _keyRing).Issue("oUser", null, TimeSpan.FromHours(2));

        Tokens("fedcba9876543210fedcba9876543210", _keyRing).Validate(token, "s", out var failure).Should().NotBeNull();
        failure.Should().BeNull();
    }

    [Fact]
    public void Validate_ExpiredAlteredOrAnotherKeyRingsToken_IsRefusedWithItsReason()
    {
        var tokens = Tokens(Secret, _keyRing);
        var token = tokens.Issue("oUser", null, TimeSpan.FromHours(2));
        var otherRing = Tokens(Secret, new EphemeralDataProtectionProvider()).Issue("oUser", null, TimeSpan.FromHours(2));
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        tokens.Validate(otherRing, "s", out var foreign).Should().BeNull();
        foreign.Should().Contain("not issued by this backend");
        tokens.Validate(altered, "s", out _).Should().BeNull();
        tokens.Validate("x.y", "s", out var malformed).Should().BeNull();
        malformed.Should().Contain("malformed");
        tokens.Validate(new string('a', 600), "s", out _).Should().BeNull();
        tokens.Validate("not base64url!", "s", out _).Should().BeNull();

        _time.Advance(TimeSpan.FromHours(2));
        tokens.Validate(token, "s", out var expired).Should().BeNull();
        expired.Should().Contain("expired");
    }

    [Fact]
    public void ARememberedToken_GivesEachRequestItsOwnPrincipal_AndStillExpires()
    {
        var tokens = Tokens(Secret, _keyRing);
        var token = tokens.Issue("oUser", "uUnion", TimeSpan.FromHours(2));
        var first = tokens.Validate(token, "s", out _)!;
        ((ClaimsIdentity)first.Identity!).AddClaim(new Claim("role", "admin"));  // what an app's claims transformation may do

        var second = tokens.Validate(token, "s", out var failure);

        failure.Should().BeNull();
        second.Should().NotBeSameAs(first);
        second!.FindFirst("role").Should().BeNull("the remembered token is its fields, not a principal one request changed");
        (second.GetWeChatOpenId(), second.FindFirst(WeChatClaimTypes.UnionId)?.Value).Should().Be(("oUser", "uUnion"));
        _time.Advance(TimeSpan.FromHours(2));
        tokens.Validate(token, "s", out var expired).Should().BeNull();
        expired.Should().Contain("expired");
    }

    [Fact]
    public void ARememberedToken_IsNotTakenForATokenOfItsLengthThatDiffersInOneCharacter()
    {
        var tokens = Tokens(Secret, _keyRing);
        var token = tokens.Issue("oUser", null, TimeSpan.FromHours(2));
        tokens.Validate(token, "s", out _).Should().NotBeNull();

        foreach (var at in new[] { 0, token.Length / 2, token.Length - 1 })
        {
            var guess = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
            tokens.Validate(guess, "s", out var failure).Should().BeNull($"the guess differs from the remembered token at {at}");
            failure.Should().Contain("not issued by this backend");
        }

        tokens.Validate(token, "s", out _).Should().NotBeNull();
    }

    [Fact]
    public void ATokenOfTheEarlierVersion_IsTakenUntilItExpires_AndOnlyUnderItsAppSecret()
    {
        var tokens = Tokens(Secret, _keyRing);
        var legacy = LegacyToken(AppId, Secret, "oLegacy", _time.GetUtcNow().AddHours(2));

        tokens.Validate(legacy, "s", out var failure)!.GetWeChatOpenId().Should().Be("oLegacy");
        failure.Should().BeNull();
        Tokens("fedcba9876543210fedcba9876543210", _keyRing).Validate(legacy, "s", out var rotated).Should().BeNull();
        rotated.Should().Contain("not issued by this app");

        _time.Advance(TimeSpan.FromHours(2));
        tokens.Validate(legacy, "s", out var expired).Should().BeNull();
        expired.Should().Contain("expired");
    }

    [Fact]
    public void ToString_HoldsNoKey()
        => Tokens(Secret, _keyRing).ToString().Should().NotContain("0123456789abcdef");

    // The earlier version's token, written here from its description: payload.mac, HMAC-SHA256 under HKDF(AppSecret).
    private static string LegacyToken(string appId, string secret, string openId, DateTimeOffset expires)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, Encoding.ASCII.GetBytes(appId), Encoding.ASCII.GetBytes("WeChatMiniProgram.UserProfile.AspNetCore session token v1"));
        var payload = Encoding.UTF8.GetBytes($"1|{appId}|{openId}||{expires.ToUnixTimeSeconds()}");
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));
    }

    private WeChatSessionTokens Tokens(string secret, IDataProtectionProvider keyRing)
    {
        var apps = new UserProfileServerApps();
        apps.Add(AppId);
        return new(new UserProfileServerOptions { AppId = AppId, AppSecret = secret }, new SessionTokenProtector(keyRing, apps), _time);
    }
}
