using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Decrypt;

public sealed class OpenDataPlaintextTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(16)]
    public void PaddingLength_WellFormedPkcs7_ReturnsTheLengthAndValid(int pad)
    {
        var block = new byte[32];
        block.AsSpan(32 - pad).Fill((byte)pad);

        OpenDataPlaintext.PaddingLength(block, out var valid).Should().Be(pad);
        valid.Should().BeTrue();
    }

    [Theory]
    [InlineData(new byte[] { 0 }, 16)] // zero is never a PKCS#7 length: the claim is clamped to a block
    [InlineData(new byte[] { 17 }, 16)] // longer than a block
    [InlineData(new byte[] { 255 }, 16)]
    [InlineData(new byte[] { 1, 2 }, 2)] // claims 2, only the last byte is 2
    [InlineData(new byte[] { 3, 4, 4, 4 }, 4)] // claims 4, the fourth-from-last is 3
    [InlineData(new byte[] { 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16 }, 16)] // claims 16, first byte wrong
    public void PaddingLength_MalformedPadding_ReturnsTheClaimedLengthAndInvalid(byte[] tail, int claimed)
    {
        var block = new byte[32];
        tail.CopyTo(block.AsSpan(32 - tail.Length));

        OpenDataPlaintext.PaddingLength(block, out var valid).Should().Be(claimed);
        valid.Should().BeFalse();
    }

    [Fact]
    public void PaddingLength_SameLastByte_SameLengthWhetherValidOrNot()
    {
        var good = new byte[32];
        good.AsSpan(28).Fill(4);
        var bad = (byte[])good.Clone();
        bad[29] = 9;

        var goodLength = OpenDataPlaintext.PaddingLength(good, out var goodValid);
        var badLength = OpenDataPlaintext.PaddingLength(bad, out var badValid);

        goodValid.Should().BeTrue();
        badValid.Should().BeFalse();
        badLength.Should().Be(goodLength, "what is parsed after AES must not depend on the padding verdict");
    }
}
