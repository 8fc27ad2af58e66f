using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Turns an avatar upload into the image that is kept: decoded by Skia (never by a decoder of our own), turned upright
/// by its EXIF orientation, scaled to fit <see cref="MaxSide"/>×<see cref="MaxSide"/> (WeChat's largest avatar), drawn
/// over white, and encoded afresh as JPEG. Only pixels survive, so no metadata (a phone photo's EXIF location, its
/// camera, its comments) is ever kept or served.
/// </summary>
/// <remarks>
/// The declared size is checked against the pixel limit before a byte is decoded, and a JPEG is decoded at the smallest
/// scale its decoder offers that still covers the result, so a 12-megapixel photo never becomes 48 MB of pixels.
/// At most <see cref="Environment.ProcessorCount"/> uploads decode at once; the rest wait, which bounds memory.
/// </remarks>
internal static class AvatarImages
{
    public const int MaxSide = 640;

    public const string ContentType = "image/jpeg";

    private const int Quality = 85;

    private static readonly SemaphoreSlim Decoders = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public static async Task<byte[]> ReencodeAsync(ReadOnlyMemory<byte> upload, long maxPixels, CancellationToken cancellationToken)
    {
        await Decoders.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Reencode(upload.Span, maxPixels);
        }
        finally
        {
            Decoders.Release();
        }
    }

    public static byte[] Reencode(ReadOnlySpan<byte> upload, long maxPixels)
    {
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data) ?? throw new WeChatRequestException(
            StatusCodes.Status415UnsupportedMediaType, "NotAnImage", "The avatar is not an image this backend reads: send the JPEG, PNG, WebP, GIF or BMP file chooseAvatar gave.", "The avatar is not an image.");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > maxPixels)
        {
            throw new WeChatRequestException(
                StatusCodes.Status413PayloadTooLarge, "AvatarTooManyPixels", $"The avatar declares {info.Width}×{info.Height} pixels; at most {maxPixels} are taken: send a smaller image.", "The avatar is too large.");
        }

        // The decoder's own scaling (JPEG: 1/2, 1/4, 1/8): the smallest that still covers the result, so a 12-megapixel
        // photo is decoded as 0.75 megapixels; Skia's filter does the rest. In the codec's own colour type: no swizzle.
        var fit = Math.Min(1f, (float)MaxSide / Math.Max(info.Width, info.Height));
        var target = new SKSizeI(Math.Max(1, (int)Math.Round(info.Width * fit)), Math.Max(1, (int)Math.Round(info.Height * fit)));
        var decoded = info.Size;
        foreach (var scale in (ReadOnlySpan<float>)[0.5f, 0.25f, 0.125f])
        {
            var offered = codec.GetScaledDimensions(scale);
            if (offered.Width < target.Width || offered.Height < target.Height)
            {
                break;
            }

            decoded = offered;
        }

        using var bitmap = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKImageInfo.PlatformColorType, info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is not SKCodecResult.Success)
        {
            throw new WeChatRequestException(
                StatusCodes.Status400BadRequest,
                result is SKCodecResult.IncompleteInput ? "AvatarTruncated" : "AvatarUndecodable",
                result is SKCodecResult.IncompleteInput
                    ? "The avatar image is cut short: upload the whole file again."
                    : $"The avatar image cannot be decoded ({result}): send the file chooseAvatar gave, unchanged.",
                "The avatar is not a readable image.");
        }

        bitmap.SetImmutable(); // so the image below shares its pixels rather than copying them
        return Encode(bitmap, codec.EncodedOrigin, info.Width, info.Height);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedOrigin origin, int width, int height)
    {
        var fit = Math.Min(1f, (float)MaxSide / Math.Max(width, height));
        var scaledWidth = Math.Max(1, (int)Math.Round(width * fit));
        var scaledHeight = Math.Max(1, (int)Math.Round(height * fit));
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (outWidth, outHeight) = swap ? (scaledHeight, scaledWidth) : (scaledWidth, scaledHeight);

        using var surface = SKSurface.Create(new SKImageInfo(outWidth, outHeight, SKImageInfo.PlatformColorType, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Skia could not allocate the avatar's surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.SetMatrix(Orientation(origin, outWidth, outHeight));
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.DrawImage(image, new SKRect(0, 0, scaledWidth, scaledHeight), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        canvas.Flush();
        using var snapshot = surface.Snapshot();
        using var pixels = snapshot.PeekPixels() ?? throw new InvalidOperationException("Skia could not read the avatar's pixels.");
        using var jpeg = pixels.Encode(new SKJpegEncoderOptions(Quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("Skia could not encode the avatar.");
        return jpeg.ToArray();
    }

    // Maps the image as stored onto the upright output of size (width, height), per the EXIF orientation.
    private static SKMatrix Orientation(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
