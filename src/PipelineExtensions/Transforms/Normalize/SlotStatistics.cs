using System.Numerics;

namespace PipelineExtensions.Transforms.Normalize;

/// <summary>
/// Per-slot statistics of a rows × slots float matrix, ignoring NaN: minimum, maximum, mean and population
/// variance (two passes, so the variance does not suffer from cancellation). Parallel over slot blocks.
/// </summary>
internal static class SlotStatistics
{
    private const int SlotBlock = 64;

    public static (double[] Min, double[] Max) MinMax<T>(T[] data, int rows, int slots) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var min = new double[slots];
        var max = new double[slots];
        ForSlotBlocks(slots, (from, to) =>
        {
            for (int j = from; j < to; j++)
            {
                min[j] = double.PositiveInfinity;
                max[j] = double.NegativeInfinity;
            }
            for (int r = 0; r < rows; r++)
            {
                var row = data.AsSpan(r * slots, slots);
                for (int j = from; j < to; j++)
                {
                    double x = double.CreateTruncating(row[j]);
                    if (x < min[j])
                        min[j] = x;
                    if (x > max[j])
                        max[j] = x;
                }
            }
            for (int j = from; j < to; j++)
                if (double.IsPositiveInfinity(min[j]) && double.IsNegativeInfinity(max[j]))
                    min[j] = max[j] = 0; // no finite value (all NaN): treated as a constant slot
        });
        return (min, max);
    }

    public static (double[] Mean, double[] Variance) MeanVariance<T>(T[] data, int rows, int slots) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var mean = new double[slots];
        var variance = new double[slots];
        ForSlotBlocks(slots, (from, to) =>
        {
            var count = new long[to - from];
            for (int r = 0; r < rows; r++)
            {
                var row = data.AsSpan(r * slots, slots);
                for (int j = from; j < to; j++)
                    if (!T.IsNaN(row[j]))
                    {
                        mean[j] += double.CreateTruncating(row[j]);
                        count[j - from]++;
                    }
            }
            for (int j = from; j < to; j++)
                mean[j] = count[j - from] == 0 ? 0 : mean[j] / count[j - from];
            for (int r = 0; r < rows; r++)
            {
                var row = data.AsSpan(r * slots, slots);
                for (int j = from; j < to; j++)
                    if (!T.IsNaN(row[j]))
                    {
                        double d = double.CreateTruncating(row[j]) - mean[j];
                        variance[j] += d * d;
                    }
            }
            for (int j = from; j < to; j++)
                variance[j] = count[j - from] == 0 ? 0 : variance[j] / count[j - from];
        });
        return (mean, variance);
    }

    private static void ForSlotBlocks(int slots, Action<int, int> body)
    {
        int blocks = (slots + SlotBlock - 1) / SlotBlock;
        if (blocks == 1)
            body(0, slots);
        else
            Parallel.For(0, blocks, b => body(b * SlotBlock, Math.Min(slots, (b + 1) * SlotBlock)));
    }
}
