using BenchmarkDotNet.Attributes;
using SkiaSharp;
using WeChatMiniProgram.UserProfile.AspNetCore;

namespace WeChatMiniProgram.UserProfile.Benchmarks;

/// <summary>
/// Avatar ingestion of a 1 MB phone photo (4000×3000 JPEG): the SDK's whole step (bounds, scaled decode, upright,
/// fit 640×640 over white, JPEG without metadata) against Skia's own decode and encode of the same photo at the same
/// output size, the way an app would write it by hand (full decode, resize, encode).
/// </summary>
[MemoryDiagnoser]
public class AvatarIngestionBenchmarks
{
    private byte[] _photo = [];

    [GlobalSetup]
    public void Setup()
    {
        // A photo-like image that does not compress to nothing: a gradient with noise, about 1 MB as a JPEG.
        using var bitmap = new SKBitmap(4000, 3000);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(4000, 3000), [SKColors.SkyBlue, SKColors.SaddleBrown], SKShaderTileMode.Clamp) })
        {
            canvas.DrawRect(0, 0, 4000, 3000, paint);
            var random = new Random(42);
            using var dot = new SKPaint();
            for (var i = 0; i < 25_000; i++)
            {
                dot.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                canvas.DrawRect(random.Next(4000), random.Next(3000), 6, 6, dot);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 75);
        _photo = data.ToArray();
        Console.WriteLine($"// photo: {_photo.Length / 1024} KB, 4000x3000");
    }

    [Benchmark(Baseline = true, Description = "Skia alone: decode, resize to 640x480, encode")]
    public int SkiaDecodeResizeEncode()
    {
        using var decoded = SKBitmap.Decode(_photo);
        using var resized = decoded.Resize(new SKImageInfo(640, 480), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var jpeg = resized.Encode(SKEncodedImageFormat.Jpeg, 85);
        return (int)jpeg.Size;
    }

    [Benchmark(Description = "the SDK's avatar ingestion")]
    public int SdkIngestion() => AvatarImages.Reencode(_photo, 50_000_000).Length;
}
