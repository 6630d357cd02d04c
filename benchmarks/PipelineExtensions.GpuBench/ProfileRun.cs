using System.Diagnostics;
using PipelineExtensions.Neural.Devices.Ilgpu;

namespace PipelineExtensions.GpuBench;

/// <summary>
/// Where a small-CNN training step spends its time on the device: the epoch's loop (--batch, default 128, and --extra-batch)
/// on a device opened with profiling, 20 warm-up steps, then --profile-steps steps recorded per device operation
/// (calls, host time inside the call, GPU span between stream markers). Markers cost a little, so the step times
/// here are a few percent above the epoch section's.
/// </summary>
internal static class ProfileRun
{
    public static IReadOnlyList<string> Run(IlgpuDevice device, BenchOptions options)
    {
        var (images, labels) = EpochRun.LoadTrainingSet(options);
        var lines = new List<string>();
        foreach (int batch in new[] { options.Batch }.Concat(options.ExtraBatch is { } b ? [b] : []))
        {
            var recipe = new CnnRecipe(device, batch);
            var order = EpochRun.Permutation(labels.Length, 1);
            int steps = options.ProfileSteps, start = 0;
            for (int s = 0; s < options.Warmup; s++, start += batch)
                recipe.Step(images, labels, order, start % (labels.Length - batch), batch);
            // Unprofiled steps first, for the step time without markers.
            var sw = Stopwatch.StartNew();
            for (int s = 0; s < steps; s++, start += batch)
                recipe.Step(images, labels, order, start % (labels.Length - batch), batch);
            double plain = sw.Elapsed.TotalMilliseconds / steps;
            device.StartProfile();
            for (int s = 0; s < steps; s++, start += batch)
                recipe.Step(images, labels, order, start % (labels.Length - batch), batch);
            var profile = device.StopProfile();
            string table = $"profile, batch {batch}: {plain:F3} ms/step unprofiled\n" + profile.ToTable(steps);
            Console.WriteLine(table);
            lines.AddRange(table.Split('\n'));
        }
        return lines;
    }
}
