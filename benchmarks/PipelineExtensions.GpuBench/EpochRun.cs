using System.Diagnostics;
using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Devices.Ilgpu;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.GpuBench;

/// <summary>
/// One training epoch of the small CNN of issue 3 (conv3×3 32 → pool → conv3×3 64 → pool → dense 128 → dropout
/// 0.5 → dense 10) on the Fashion-MNIST training set, batch 128, Adam 1e-3, after 20 warm-up steps (--warmup): on the GPU
/// (each GEMM implementation) and on the CPU backend, side by side with PyTorch CUDA's time for the same recipe.
/// The loop is the one a user writes (batch uploaded, forward, loss, backward, step, loss read back every step).
/// </summary>
internal static class EpochRun
{
    public static IReadOnlyList<string> Run(IlgpuDevice device, BenchOptions options)
    {
        var (images, labels) = LoadTrainingSet(options);
        int rows = Math.Min(options.EpochRows ?? labels.Length, labels.Length);
        int warmup = options.Warmup;
        Console.WriteLine($"Fashion-MNIST: {labels.Length} training images, epoch over {rows}, batch {options.Batch}{(options.Batch == 128 ? "" : " (not the recipe's 128)")}, Adam 1e-3, {warmup} warm-up steps");

        var runs = new List<(string Name, double Seconds, int Steps, double Loss)>();
        var backends = new List<IlgpuGemmBackend>();
        if (!options.SkipTiledEpoch || device.ActiveGemm != "cublas")
            backends.Add(IlgpuGemmBackend.Tiled);
        if (device.IsCuda && device.ActiveGemm == "cublas")
            backends.Insert(0, IlgpuGemmBackend.CuBlas);
        foreach (var backend in backends)
        {
            device.GemmBackend = backend;
            var r = Epoch(device, images, labels, rows, options.EpochSteps, warmup, options.Batch);
            runs.Add(($"ours {device.Name} ({backend})", r.Seconds, r.Steps, r.Loss));
            Print(runs[^1]);
        }
        device.GemmBackend = IlgpuGemmBackend.Auto;
        if (options.ExtraBatch is { } big)
        {
            // Not the recipe: a larger batch shows how much of the batch-128 step is per-launch and per-step overhead.
            var r = Epoch(device, images, labels, rows, null, warmup, big);
            runs.Add(($"ours {device.Name} batch {big} (not recipe)", r.Seconds, r.Steps, r.Loss));
            Print(runs[^1]);
        }
        var cpuRuns = new List<(string Name, double Seconds, int Steps, double Loss)>();
        if (!options.SkipCpuEpoch)
            foreach (int threads in options.EpochCpuThreads ?? [options.CpuThreads])
            {
                var r = Epoch(new CpuDevice(threads), images, labels, rows, options.EpochSteps, warmup, options.Batch);
                cpuRuns.Add(($"ours cpu ({threads} threads)", r.Seconds, r.Steps, r.Loss));
                runs.Add(cpuRuns[^1]);
                Print(runs[^1]);
            }
        JsonNode? torch = options.TorchJson is { } path && File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        double? torchCuda = torch?["epoch_cuda"]?["seconds"]?.GetValue<double>();
        if (torch?["epoch_cuda"] is { } te)
            runs.Add(("torch cuda", te["seconds"]!.GetValue<double>(), te["steps"]!.GetValue<int>(), te["mean_loss"]!.GetValue<double>()));
        if (torch?["epoch_cuda_extra"] is { } tb)
            runs.Add(($"torch cuda batch {tb["batch"]} (not recipe)", tb["seconds"]!.GetValue<double>(), tb["steps"]!.GetValue<int>(), tb["mean_loss"]!.GetValue<double>()));

        var best = runs.Where(r => (r.Name.StartsWith("ours cuda") || r.Name.StartsWith("ours ilgpu")) && !r.Name.Contains("not recipe")).MinBy(r => r.Seconds);
        var lines = new List<string> { $"{"small-CNN epoch",-34} {"seconds",8} {"steps",6} {"mean loss",9} {"images/s",9}" };
        foreach (var r in runs)
            lines.Add($"{r.Name,-34} {r.Seconds,8:F2} {r.Steps,6} {r.Loss,9:F4} {rows / r.Seconds,9:F0}");
        foreach (var c in cpuRuns)
            lines.Add($"{c.Name} time / our GPU time = {c.Seconds / best.Seconds:F2} (target ≥ 10)");
        if (torchCuda is { } t)
            lines.Add($"torch CUDA time / our GPU time = {t / best.Seconds:F2} (1.0 = as fast as PyTorch)");
        foreach (var line in lines)
            Console.WriteLine(line);
        return lines;
    }

    /// <summary>The Fashion-MNIST training images and labels of --data.</summary>
    public static (VectorColumn Images, KeyColumn Labels) LoadTrainingSet(BenchOptions options)
    {
        string dir = options.DataDirectory ?? throw new ArgumentException("--data DIR (Fashion-MNIST IDX files) is needed for the epoch and profile sections.");
        string Find(string stem) => new[] { stem, stem + ".gz" }.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{stem}(.gz) not found in {dir}");
        var table = new PipelineContext(0).Data.LoadFromIdx(Find("train-images-idx3-ubyte"), Find("train-labels-idx1-ubyte"));
        return (table.GetColumn<VectorColumn>(table.Schema[0].Name), table.GetColumn<KeyColumn>(table.Schema[1].Name));
    }

    private static void Print((string Name, double Seconds, int Steps, double Loss) r) =>
        Console.WriteLine($"{r.Name}: {r.Seconds:F2} s, {r.Steps} steps, mean loss {r.Loss:F4}");

    private static (double Seconds, int Steps, double Loss) Epoch(Device device, VectorColumn images, KeyColumn labels, int rows, int? maxSteps, int warmup, int batch)
    {
        var recipe = new CnnRecipe(device, batch);
        var order = Permutation(rows, 1);
        for (int s = 0; s < warmup; s++)
            recipe.Step(images, labels, order, s * batch % Math.Max(1, rows - batch), Math.Min(batch, rows));
        order = Permutation(rows, 2);
        double total = 0;
        int steps = 0;
        var sw = Stopwatch.StartNew();
        for (int start = 0; start < rows && steps < (maxSteps ?? int.MaxValue); start += batch, steps++)
            total += recipe.Step(images, labels, order, start, Math.Min(batch, rows - start));
        double seconds = sw.Elapsed.TotalSeconds;
        return (seconds, steps, total / steps);
    }

    internal static int[] Permutation(int rows, int seed)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        var random = new SeededRandom(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
