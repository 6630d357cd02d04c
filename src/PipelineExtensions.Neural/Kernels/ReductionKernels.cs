using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using PipelineExtensions.Neural.Devices;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// Whole-tensor reductions: fixed blocks of <see cref="Block"/> values reduced with SIMD, block results combined
/// in double in block order — deterministic for any thread count.
/// </summary>
internal static class ReductionKernels
{
    public const int Block = 1 << 14;

    public static double Reduce(ReduceOp op, float[] x, int length, int threads)
    {
        int blocks = Math.Max(1, (length + Block - 1) / Block);
        if (blocks == 1)
            return ReduceBlock(op, x.AsSpan(0, length));
        var partial = new double[blocks];
        CpuParallel.For(threads, blocks, b =>
        {
            int s = b * Block;
            partial[b] = ReduceBlock(op, x.AsSpan(s, Math.Min(Block, length - s)));
        });
        double total = 0;
        foreach (double p in partial)
            total = op == ReduceOp.MaxAbs ? Math.Max(total, p) : total + p;
        return total;
    }

    private static double ReduceBlock(ReduceOp op, ReadOnlySpan<float> x) => op switch
    {
        ReduceOp.Sum => TensorPrimitives.Sum(x),
        ReduceOp.SumOfSquares => TensorPrimitives.SumOfSquares(x),
        ReduceOp.SumOfAbs => TensorPrimitives.SumOfMagnitudes(x),
        ReduceOp.MaxAbs => x.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(x)),
        _ => throw new NotSupportedException(op.ToString()),
    };

    public static long CountNonFinite(ReadOnlySpan<float> x)
    {
        long count = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.Create(x.Slice(i, 8));
                // x − x is 0 for finite x and NaN for NaN and ±∞.
                var bad = ~Vector256.Equals(v - v, Vector256<float>.Zero);
                if (bad != Vector256<float>.Zero)
                    count += System.Numerics.BitOperations.PopCount(bad.ExtractMostSignificantBits());
            }
        }
        for (; i < x.Length; i++)
            if (!float.IsFinite(x[i]))
                count++;
        return count;
    }
}
