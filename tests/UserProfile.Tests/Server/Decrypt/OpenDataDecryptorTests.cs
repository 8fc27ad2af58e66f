using UserProfile.Server;

namespace UserProfile.Tests.Server.Decrypt;

public sealed class OpenDataDecryptorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(16)]
    public void PaddingLength_WellFormedPkcs7_ReturnsTheLength(int pad)
    {
        var block = new byte[32];
        block.AsSpan(32 - pad).Fill((byte)pad);

        OpenDataDecryptor.PaddingLength(block).Should().Be(pad);
    }

    [Theory]
    [InlineData(new byte[] { 0 })] // zero is never a PKCS#7 length
    [InlineData(new byte[] { 17 })] // longer than a block
    [InlineData(new byte[] { 255 })]
    [InlineData(new byte[] { 1, 2 })] // claims 2, only the last byte is 2
    [InlineData(new byte[] { 3, 4, 4, 4 })] // claims 4, the fourth-from-last is 3
    [InlineData(new byte[] { 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16 })] // claims 16, first byte wrong
    public void PaddingLength_MalformedPadding_ReturnsZero(byte[] tail)
    {
        var block = new byte[32];
        tail.CopyTo(block.AsSpan(32 - tail.Length));

        OpenDataDecryptor.PaddingLength(block).Should().Be(0);
    }
}
