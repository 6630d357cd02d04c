using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Benchmarks.Augmentation;

/// <summary>
/// RandomAffine(degrees 20, translate 0.2, scale 0.8–1.2, shear 11) + RandomHorizontalFlip per image, side by side
/// with torchvision 0.14 (benchmarks/reference/augment_torchvision.py), for 1×28×28 and 3×224×224 images, uint8 and
/// float32, nearest and bilinear. torchvision is timed on every path it has for the image type and the ratio is
/// taken against its fastest one.
/// </summary>
public sealed class AugmentBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc />
    public string Name => "augment";

    /// <inheritdoc />
    public string Description => "RandomAffine + horizontal flip per image vs torchvision 0.14 (PIL and tensor paths)";

    private sealed record Case(int Channels, int Size, int Count, string DType, Interpolation Interpolation)
    {
        public string Shape => $"{Channels}x{Size}x{Size}";

        public string Key => $"{Shape} {DType} {Interpolation.ToString().ToLowerInvariant()}";
    }

    /// <inheritdoc />
    public int Run(string[] args)
    {
        double seconds = 2.0;
        bool reference = true;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length)
                seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--no-reference")
                reference = false;
        }

        var cases = new List<Case>();
        foreach (var (c, size, n) in new[] { (1, 28, 512), (3, 224, 32) })
            foreach (var interpolation in new[] { Interpolation.Nearest, Interpolation.Bilinear })
                foreach (var dtype in new[] { "uint8", "float32" })
                    cases.Add(new Case(c, size, n, dtype, interpolation));

        Console.WriteLine($"augment: {Environment.ProcessorCount} cores, {seconds:F1} s per measurement, load {Load()}");
        var ours = new Dictionary<string, (double OneThread, double AllThreads)>();
        foreach (var c in cases)
        {
            double one = Measure(c, threads: 1, seconds);
            double all = Measure(c, threads: Environment.ProcessorCount, seconds);
            ours[c.Key] = (one, all);
            Console.WriteLine($"  ours {c.Key,-26} 1 thread {one,10:F0} img/s   {Environment.ProcessorCount} threads {all,10:F0} img/s");
        }

        var torch = reference ? RunReference(seconds) : [];
        Console.WriteLine();
        Console.WriteLine($"{"case",-27}{"ours 1T",10}{"ours 2T",10}{"tv PIL",10}{"tv PIL-F",10}{"tv tensor",10}{"tv best",10}{"ratio",8}");
        foreach (var c in cases)
        {
            var (one, all) = ours[c.Key];
            torch.TryGetValue(c.Key, out var tv);
            double pil = tv?.GetValueOrDefault("pil") ?? double.NaN;
            double pilF = tv?.GetValueOrDefault("pilF") ?? double.NaN;
            double tensor = tv?.GetValueOrDefault("tensor") ?? double.NaN;
            double best = new[] { pil, pilF, tensor }.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
            Console.WriteLine($"{c.Key,-27}{one,10:F0}{all,10:F0}{Show(pil),10}{Show(pilF),10}{Show(tensor),10}{Show(best),10}{(all / best),7:F1}x");
        }
        if (torch.Count > 0)
        {
            // Float 3-channel images have no PIL path; the stricter comparison is against PIL on the same images as uint8.
            foreach (var interpolation in new[] { "nearest", "bilinear" })
            {
                string key = $"3x224x224 float32 {interpolation}";
                double pilUint8 = torch[$"3x224x224 uint8 {interpolation}"]["pil"];
                Console.WriteLine($"{key}: ours {ours[key].AllThreads:F0} img/s vs torchvision PIL on uint8 {pilUint8:F0} img/s = {ours[key].AllThreads / pilUint8:F1}x");
            }
        }
        Console.WriteLine($"load after: {Load()}");
        return 0;
    }

    private static string Show(double v) => double.IsFinite(v) ? v.ToString("F0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Images per second of the batch augmenter over the image set, repeated with a new epoch until the time is spent.</summary>
    private static double Measure(Case c, int threads, double seconds)
    {
        var ctx = new PipelineContext(seed: 1);
        var pipeline = ctx.Augmentation.Compose(
            new AugmentationPipelineOptions
            {
                FillMode = FillMode.Constant,
                Interpolation = c.Interpolation,
                MaxPixelValue = c.DType == "uint8" ? 255 : 1,
            },
            ctx.Augmentation.RandomAffine(degrees: 20, translate: 0.2, scaleMin: 0.8, scaleMax: 1.2, shear: 11),
            ctx.Augmentation.RandomFlip());
        var type = new ImageType(c.Channels, c.Size, c.Size);
        var augmenter = pipeline.CreateBatchAugmenter(type, maxDegreeOfParallelism: threads);
        int n = c.Count, size = type.Size;
        var ids = Enumerable.Range(0, n).ToArray();
        var rng = new SeededRandom(7);
        Action<int> pass;
        if (c.DType == "uint8")
        {
            var input = new byte[n * size];
            for (int i = 0; i < input.Length; i++)
                input[i] = (byte)rng.NextInt(256);
            var output = new byte[n * size];
            pass = epoch => augmenter.Augment(input, output, ids, epoch);
        }
        else
        {
            var input = new float[n * size];
            for (int i = 0; i < input.Length; i++)
                input[i] = rng.NextInt(256) / 255f;
            var output = new float[n * size];
            pass = epoch => augmenter.Augment(input, output, default, ids, epoch);
        }
        for (int warm = 0; warm < 3; warm++)
            pass(-1 - warm);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        int passes = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
            pass(passes++);
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"  ({c.Key}, {threads} thread(s): {cpu.TotalMilliseconds * 1000 / ((double)passes * n):F1} CPU µs per image)");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (allocated / passes > 4096)
            Console.WriteLine($"  warning: {allocated / passes} bytes allocated per batch of {n} ({c.Key})");
        return (double)passes * n / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Runs the torchvision script; returns, per case key, images/s by path name.</summary>
    private static Dictionary<string, Dictionary<string, double>> RunReference(double seconds)
    {
        var results = new Dictionary<string, Dictionary<string, double>>();
        foreach (var line in ReferenceScripts.Run("augment_torchvision.py", "--seconds", ReferenceScripts.Seconds(seconds)))
        {
            Console.WriteLine($"  torchvision {line}");
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            string key = $"{root.GetProperty("shape").GetString()} {root.GetProperty("dtype").GetString()} {root.GetProperty("interpolation").GetString()}";
            var paths = new Dictionary<string, double>();
            foreach (var property in root.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.Number)
                    paths[property.Name] = property.Value.GetDouble();
            results[key] = paths;
        }
        return results;
    }

    private static string Load() => ReferenceScripts.Load();
}
