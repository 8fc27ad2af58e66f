using SkiaSharp;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Profiles;

public sealed class AvatarImagesTests
{
    [Fact]
    public void APhotoTakenSideways_IsTurnedUpright_ByItsExifOrientation()
    {
        // 200×100, red on the left, blue on the right, stored with orientation 6: shown rotated 90° clockwise.
        var photo = WithOrientation(Halves(200, 100, SKColors.Red, SKColors.Blue), 6);

        using var kept = SKBitmap.Decode(AvatarImages.Reencode(photo, 1_000_000));

        (kept.Width, kept.Height).Should().Be((100, 200));
        Near(kept.GetPixel(50, 20), SKColors.Red).Should().BeTrue("the left half is now on top");
        Near(kept.GetPixel(50, 180), SKColors.Blue).Should().BeTrue();
    }

    [Fact]
    public void ATransparentPng_IsDrawnOverWhite_AndASmallImageIsNotEnlarged()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(120, 80, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        using var kept = SKBitmap.Decode(AvatarImages.Reencode(png.ToArray(), 1_000_000));

        (kept.Width, kept.Height).Should().Be((120, 80));
        Near(kept.GetPixel(60, 40), SKColors.White).Should().BeTrue();
    }

    [Theory]
    [InlineData(4000, 3000, 640, 480)]
    [InlineData(1000, 4000, 160, 640)]
    [InlineData(641, 641, 640, 640)]
    public void ALargePhoto_FitsIn640By640_KeepingItsShape(int width, int height, int keptWidth, int keptHeight)
    {
        using var kept = SKBitmap.Decode(AvatarImages.Reencode(Halves(width, height, SKColors.Green, SKColors.Yellow), 50_000_000));

        (kept.Width, kept.Height).Should().Be((keptWidth, keptHeight));
        Near(kept.GetPixel(2, kept.Height / 2), SKColors.Green).Should().BeTrue("decoded at a smaller scale, the picture is the same");
    }

    [Fact]
    public void TheKeptImage_IsAFreshJpegWithoutTheUploadsMetadata()
    {
        var photo = WithOrientation(Halves(300, 200, SKColors.Red, SKColors.Blue), 1, "GPSLatitude 31.2304 N; Make PhoneCo");

        var kept = AvatarImages.Reencode(photo, 1_000_000);

        kept.AsSpan(0, 3).ToArray().Should().Equal(0xFF, 0xD8, 0xFF);
        System.Text.Encoding.Latin1.GetString(kept).Should().NotContain("Exif").And.NotContain("GPSLatitude").And.NotContain("PhoneCo");
    }

    [Fact]
    public void TooManyDeclaredPixels_IsRefusedBeforeDecoding()
    {
        var act = () => AvatarImages.Reencode(Halves(300, 200, SKColors.Red, SKColors.Blue), 300 * 200 - 1);

        act.Should().Throw<WeChatRequestException>().Which.Error.Should().Be("AvatarTooManyPixels");
    }

    private static byte[] Halves(int width, int height, SKColor left, SKColor right)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = left })
        {
            canvas.Clear(right);
            canvas.DrawRect(0, 0, width / 2f, height, paint);
        }

        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return jpeg.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment (a big-endian TIFF header and one IFD entry: Orientation), as a camera writes it.</summary>
    private static byte[] WithOrientation(byte[] jpeg, ushort orientation, string trailer = "")
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff, .. System.Text.Encoding.ASCII.GetBytes(trailer)];
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    private static bool Near(SKColor actual, SKColor expected)
        => Math.Abs(actual.Red - expected.Red) < 40 && Math.Abs(actual.Green - expected.Green) < 40 && Math.Abs(actual.Blue - expected.Blue) < 40;
}
