using System.Security.Cryptography;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Verify;

public sealed class UserProfileVerifierSignatureTests
{
    private readonly UserProfileVerifier _verifier = new(new OpenDataOptions { AppId = OfficialExamples.AppId });

    [Fact]
    public void VerifySignature_WeChatsPublishedExample_Matches()
    {
        UserProfileVerifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature, OfficialExamples.SignatureSessionKey).Should().BeTrue();
    }

    [Fact]
    public void VerifySignature_UppercaseHex_Matches()
    {
        UserProfileVerifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature.ToUpperInvariant(), OfficialExamples.SignatureSessionKey).Should().BeTrue();
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
        UserProfileVerifier.VerifySignature(OfficialExamples.SignatureRawData, signature, OfficialExamples.SignatureSessionKey).Should().BeFalse();
    }

    [Fact]
    public void VerifySignature_StaleSessionKeyOrAlteredRawData_DoesNotMatch()
    {
        UserProfileVerifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature, TestClient.NewSessionKey()).Should().BeFalse();
        UserProfileVerifier.VerifySignature(OfficialExamples.SignatureRawData.Replace("Band", "Bond", StringComparison.Ordinal), OfficialExamples.Signature, OfficialExamples.SignatureSessionKey).Should().BeFalse();
    }

    [Fact]
    public void VerifySignature_NullInputs_ReturnFalse()
    {
        UserProfileVerifier.VerifySignature(null!, OfficialExamples.Signature, OfficialExamples.SignatureSessionKey).Should().BeFalse();
        UserProfileVerifier.VerifySignature(OfficialExamples.SignatureRawData, null!, OfficialExamples.SignatureSessionKey).Should().BeFalse();
        UserProfileVerifier.VerifySignature(OfficialExamples.SignatureRawData, OfficialExamples.Signature, null!).Should().BeFalse();
    }

    [Fact]
    public void VerifySignature_NonAsciiRawData_HashesUtf8()
    {
        var key = TestClient.NewSessionKey();
        var rawData = "{\"nickName\":\"小明😀\"}";

        UserProfileVerifier.VerifySignature(rawData, OpenDataCrypto.Sha1Hex(rawData + key), key).Should().BeTrue();
    }

    [Fact]
    public void Verifier_ComparesSignaturesWithFixedTimeEquals()
    {
        // The constant-time comparison is the platform's; this pins that the code path uses it.
        var source = File.ReadAllText(Path.Combine(RepoPaths.Source, "Crypto", "Signature.cs"));

        source.Should().Contain("CryptographicOperations.FixedTimeEquals(expected, actual)");
        source.Should().NotContain("SequenceEqual");
    }

    [Fact]
    public void FixedTimeEquals_TheComparisonTheVerifierUses_ReadsTheWholeInputWhateverTheFirstMismatch()
    {
        // On 20-byte digests the difference an early exit makes is below timer resolution, so this shows the property on
        // inputs large enough to see it: an early-exit comparison would finish a first-byte mismatch about a million times
        // sooner than a last-byte one. The 4x margin is far from both outcomes, so machine noise cannot flip it.
        var expected = new byte[4 << 20];
        RandomNumberGenerator.Fill(expected);
        var firstWrong = (byte[])expected.Clone();
        firstWrong[0] ^= 1;
        var lastWrong = (byte[])expected.Clone();
        lastWrong[^1] ^= 1;

        var first = FastestOf(() => CryptographicOperations.FixedTimeEquals(expected, firstWrong));
        var last = FastestOf(() => CryptographicOperations.FixedTimeEquals(expected, lastWrong));
        var earlyExit = FastestOf(() => expected.AsSpan().SequenceEqual(firstWrong));

        first.Should().BeGreaterThan(last / 4, "a first-byte mismatch still reads every byte");
        earlyExit.Should().BeLessThan(last / 4, "the check can tell an early exit apart");
    }

    private static TimeSpan FastestOf(Func<bool> compare)
    {
        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < 15; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            compare().Should().BeFalse();
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            fastest = elapsed < fastest ? elapsed : fastest;
        }

        return fastest;
    }
}
