using UserProfile.Server;
using UserProfile.Tests.TestDoubles;

namespace UserProfile.Tests.Server.Verify;

public sealed class UserProfileVerifierSignatureTests
{
    private readonly UserProfileVerifier _verifier = new(new UserProfileVerifierOptions { AppId = OfficialExamples.AppId });

    [Fact]
    public void VerifySignature_WeChatsPublishedExample_Matches()
    {
        _verifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature, OfficialExamples.SignatureSessionKey).Should().BeTrue();
    }

    [Fact]
    public void VerifySignature_UppercaseHex_Matches()
    {
        _verifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature.ToUpperInvariant(), OfficialExamples.SignatureSessionKey).Should().BeTrue();
    }

    [Theory]
    [InlineData("75e81ceda165f4ffa64f4068af58c64b8f54b88d")] // last digit changed
    [InlineData("85e81ceda165f4ffa64f4068af58c64b8f54b88c")] // first digit changed
    [InlineData("75e81ceda165f4ffa64f4068af58c64b8f54b88")] // 39 digits
    [InlineData("75e81ceda165f4ffa64f4068af58c64b8f54b88cc")] // 41 digits
    [InlineData("zze81ceda165f4ffa64f4068af58c64b8f54b88c")] // not hex
    [InlineData("")]
    public void VerifySignature_AlteredSignature_DoesNotMatch(string signature)
    {
        _verifier.VerifySignature(OfficialExamples.SignatureRawData, signature, OfficialExamples.SignatureSessionKey).Should().BeFalse();
    }

    [Fact]
    public void VerifySignature_StaleSessionKeyOrAlteredRawData_DoesNotMatch()
    {
        _verifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature, TestClient.NewSessionKey()).Should().BeFalse();
        _verifier.VerifySignature(OfficialExamples.SignatureRawData.Replace("Band", "Bond", StringComparison.Ordinal), OfficialExamples.Signature, OfficialExamples.SignatureSessionKey).Should().BeFalse();
    }

    [Fact]
    public void VerifySignature_NullInputs_ReturnFalse()
    {
        _verifier.VerifySignature(null!, OfficialExamples.Signature, OfficialExamples.SignatureSessionKey).Should().BeFalse();
        _verifier.VerifySignature(OfficialExamples.SignatureRawData, null!, OfficialExamples.SignatureSessionKey).Should().BeFalse();
        _verifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature, null!).Should().BeFalse();
    }

    [Fact]
    public void VerifySignature_NonAsciiRawData_HashesUtf8()
    {
        var key = TestClient.NewSessionKey();
        var rawData = "{\"nickName\":\"小明😀\"}";

        _verifier.VerifySignature(rawData, OpenDataCrypto.Sha1Hex(rawData + key), key).Should().BeTrue();
    }

    [Fact]
    public void Verifier_ComparesSignaturesWithFixedTimeEquals()
    {
        // The constant-time comparison is the platform's; this pins that the code path uses it.
        var source = File.ReadAllText(Path.Combine(RepoPaths.Source, "Crypto", "Signature.cs"));

        source.Should().Contain("CryptographicOperations.FixedTimeEquals(expected, actual)");
        source.Should().NotContain("SequenceEqual");
    }
}
