using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ImageMagick;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Benchmarks.Augmentation;

/// <summary>
/// Decode speed of the image loaders' decoders (own PNG decoder, JpegLibrary) against Magick.NET-Q8 15.1,
/// BigGustave 1.0.6 (PNG) and Pillow (benchmarks/reference/decode_pil.py), single-threaded, on PNG and JPEG files
/// of 28×28 grey and 224×224 RGB images. This is the measurement behind the decoder choice in benchmarks/README.md.
/// </summary>
public sealed class ImageDecodeBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc />
    public string Name => "image-decode";

    /// <inheritdoc />
    public string Description => "PNG/JPEG decode: own PNG + JpegLibrary vs Magick.NET, BigGustave and Pillow";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        double seconds = args.Length > 1 && args[0] == "--seconds" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 2.0;
        string folder = Path.Combine(Path.GetTempPath(), "pipex-decode-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            var groups = WriteFiles(folder);
            Console.WriteLine($"image-decode: {seconds:F1} s per measurement, single thread, load {ReferenceScripts.Load()}");
            var pil = RunPillow(folder, seconds);
            Console.WriteLine($"{"files",-16}{"ours",10}{"Magick.NET",12}{"BigGustave",12}{"Pillow",10}  (images/s)");
            foreach (var (group, files) in groups)
            {
                double ours = Measure(files, seconds, bytes => ImageDecoder.Decode(bytes, "bench").Pixels.Length);
                double magick = Measure(files, seconds, bytes =>
                {
                    using var image = new MagickImage(bytes);
                    return image.ToByteArray(image.ChannelCount == 1 ? MagickFormat.Gray : MagickFormat.Rgb).Length;
                });
                double gustave = group.StartsWith("png", StringComparison.Ordinal) ? Measure(files, seconds, DecodeWithBigGustave) : double.NaN;
                Console.WriteLine($"{group,-16}{ours,10:F0}{magick,12:F0}{(double.IsNaN(gustave) ? "-" : gustave.ToString("F0", CultureInfo.InvariantCulture)),12}{pil.GetValueOrDefault(group, double.NaN),10:F0}");
            }
            Console.WriteLine($"load after: {ReferenceScripts.Load()}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int DecodeWithBigGustave(byte[] bytes)
    {
        var png = BigGustave.Png.Open(bytes);
        int sum = 0;
        for (int y = 0; y < png.Height; y++)
            for (int x = 0; x < png.Width; x++)
                sum += png.GetPixel(x, y).R;
        return sum;
    }

    /// <summary>Photo-like content (smooth gradients, texture, noise) so compression ratios are realistic.</summary>
    private static List<(string Group, List<byte[]> Files)> WriteFiles(string folder)
    {
        var rng = new SeededRandom(3);
        var result = new List<(string, List<byte[]>)>();
        foreach (var (name, size, channels, count) in new[] { ("28x28-grey", 28, 1, 256), ("224x224-rgb", 224, 3, 16) })
        {
            var png = new List<byte[]>();
            var jpeg = new List<byte[]>();
            for (int n = 0; n < count; n++)
            {
                var pixels = new byte[size * size * channels];
                double phase = rng.NextDouble() * 6;
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                        for (int c = 0; c < channels; c++)
                        {
                            double v = 128 + 90 * Math.Sin(x * 0.07 + phase + c) * Math.Cos(y * 0.05 - c) + rng.NextGaussian() * 8;
                            pixels[(y * size + x) * channels + c] = (byte)Math.Clamp(v, 0, 255);
                        }
                png.Add(PngEncoder.Encode(pixels, size, size, channels));
                var settings = new MagickReadSettings { Width = (uint)size, Height = (uint)size, Format = channels == 1 ? MagickFormat.Gray : MagickFormat.Rgb, Depth = 8 };
                using var image = new MagickImage(pixels, settings);
                image.Quality = 90;
                jpeg.Add(image.ToByteArray(MagickFormat.Jpeg));
            }
            for (int i = 0; i < count; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"png-{name}-{i:D4}.png"), png[i]);
                File.WriteAllBytes(Path.Combine(folder, $"jpeg-{name}-{i:D4}.jpg"), jpeg[i]);
            }
            result.Add(($"png-{name}", png));
            result.Add(($"jpeg-{name}", jpeg));
        }
        // Pillow groups files by the name prefix before the first '-': make the group names match.
        foreach (var file in Directory.GetFiles(folder))
        {
            string fileName = Path.GetFileName(file);
            int last = fileName.LastIndexOf('-');
            string group = fileName[..last];
            File.Move(file, Path.Combine(folder, group.Replace("-", "_") + "-" + fileName[(last + 1)..]));
        }
        return result.Select(g => (g.Item1.Replace("-", "_"), g.Item2)).ToList();
    }

    private static double Measure(List<byte[]> files, double seconds, Func<byte[], int> decode)
    {
        foreach (var f in files.Take(4))
            decode(f);
        int count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var f in files)
                decode(f);
            count += files.Count;
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static Dictionary<string, double> RunPillow(string folder, double seconds)
    {
        var result = new Dictionary<string, double>();
        foreach (var line in ReferenceScripts.Run("decode_pil.py", folder, "--seconds", ReferenceScripts.Seconds(seconds)))
        {
            using var json = JsonDocument.Parse(line);
            result[json.RootElement.GetProperty("group").GetString()!] = json.RootElement.GetProperty("images_per_second").GetDouble();
        }
        return result;
    }
}
