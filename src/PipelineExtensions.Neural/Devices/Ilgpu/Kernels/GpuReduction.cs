using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// Deterministic reductions. A whole-tensor reduction runs in two launches: each group reduces a fixed
/// contiguous chunk into a double partial (per-thread sums in double, then a tree), and one group combines the
/// partials in a tree. Chunking depends only on the length and the device's group size, never on timing.
/// </summary>
internal static class GpuReduction
{
    private static double Term(int op, float v)
    {
        switch (op)
        {
            case (int)ReduceOp.Sum: return v;
            case (int)ReduceOp.SumOfSquares: return (double)v * v;
            default: return Math.Abs(v);
        }
    }

    /// <summary>partials[g] ← reduction of x[g·chunk, min(n, (g+1)·chunk)).</summary>
    public static void Partial(ArrayView<float> x, int n, int chunk, ArrayView<double> partials, int op)
    {
        int start = Grid.IdxX * chunk;
        int end = Math.Min(n, start + chunk);
        double acc = 0;
        for (int i = start + Group.IdxX; i < end; i += Group.DimX)
        {
            double t = Term(op, x[i]);
            acc = op == (int)ReduceOp.MaxAbs ? GpuGroup.MaxNaN(acc, t) : acc + t;
        }
        double total = op == (int)ReduceOp.MaxAbs ? GpuGroup.Max(acc) : GpuGroup.Sum(acc);
        if (Group.IdxX == 0)
            partials[Grid.IdxX] = total;
    }

    /// <summary>result[index] ← (float)(reduction of the first <paramref name="count"/> partials); one group.</summary>
    public static void Final(ArrayView<double> partials, int count, ArrayView<float> result, int index, int op)
    {
        double acc = 0;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
            acc = op == (int)ReduceOp.MaxAbs ? GpuGroup.MaxNaN(acc, partials[i]) : acc + partials[i];
        double total = op == (int)ReduceOp.MaxAbs ? GpuGroup.Max(acc) : GpuGroup.Sum(acc);
        if (Group.IdxX == 0)
            result[index] = (float)total;
    }

    /// <summary>counter[0] += number of NaN or infinite values (integer atomics: the count is exact).</summary>
    public static void CountNonFinite(ArrayView<float> x, int n, ArrayView<int> counter)
    {
        int bad = 0;
        for (int i = GpuGroup.Start; i < n; i += GpuGroup.Stride)
        {
            if (!float.IsFinite(x[i]))
                bad++;
        }
        if (bad > 0)
            Atomic.Add(ref counter[0], bad);
    }

    /// <summary>
    /// y (=|+=) Σ of x over the dimensions y broadcasts, one thread per output value (few values summed each).
    /// </summary>
    public static void SumToPerThread(ArrayView<float> x, ArrayView<float> y, int ySize, Strided6 kept, Strided6 reduced, int accumulate)
    {
        int count = reduced.Count;
        for (int j = GpuGroup.Start; j < ySize; j += GpuGroup.Stride)
        {
            int baseOffset = kept.Offset(j);
            float s = 0f;
            for (int r = 0; r < count; r++)
                s += x[baseOffset + reduced.Offset(r)];
            y[j] = accumulate != 0 ? y[j] + s : s;
        }
    }

    /// <summary>The same with one group per output value (many values summed each: bias gradients).</summary>
    public static void SumToPerGroup(ArrayView<float> x, ArrayView<float> y, int ySize, Strided6 kept, Strided6 reduced, int accumulate)
    {
        int count = reduced.Count;
        for (int j = Grid.IdxX; j < ySize; j += Grid.DimX)
        {
            int baseOffset = kept.Offset(j);
            double s = 0;
            for (int r = Group.IdxX; r < count; r += Group.DimX)
                s += x[baseOffset + reduced.Offset(r)];
            double total = GpuGroup.Sum(s);
            if (Group.IdxX == 0)
                y[j] = accumulate != 0 ? y[j] + (float)total : (float)total;
        }
    }

    /// <summary>
    /// First half of a long sum-to-shape (conv bias gradients: 100 k values per channel): group g sums part
    /// g mod <paramref name="parts"/> of output g / parts, the reduced positions [part·chunk, (part+1)·chunk),
    /// into partials[g]. Many groups per output keep the whole GPU busy where one group per output left most SMs idle.
    /// </summary>
    public static void SumToPartials(ArrayView<float> x, ArrayView<double> partials, int ySize, Strided6 kept, Strided6 reduced, int parts, int chunk)
    {
        int count = reduced.Count, groups = ySize * parts;
        for (int g = Grid.IdxX; g < groups; g += Grid.DimX)
        {
            int j = g / parts, part = g - j * parts;
            int baseOffset = kept.Offset(j), end = Math.Min(count, (part + 1) * chunk);
            double s = 0;
            for (int r = part * chunk + Group.IdxX; r < end; r += Group.DimX)
                s += x[baseOffset + reduced.Offset(r)];
            double total = GpuGroup.Sum(s);
            if (Group.IdxX == 0)
                partials[g] = total;
        }
    }

    /// <summary>Second half: y[j] (=|+=) Σ of the <paramref name="parts"/> partials of output j, in order.</summary>
    public static void SumToFinish(ArrayView<double> partials, ArrayView<float> y, int ySize, int parts, int accumulate)
    {
        for (int j = GpuGroup.Start; j < ySize; j += GpuGroup.Stride)
        {
            double s = 0;
            for (int part = 0; part < parts; part++)
                s += partials[j * parts + part];
            y[j] = accumulate != 0 ? y[j] + (float)s : (float)s;
        }
    }

    /// <summary>The loaded reduction kernels of one accelerator.</summary>
    internal sealed class Set(Accelerator a)
    {
        public readonly Action<KernelConfig, ArrayView<float>, int, int, ArrayView<double>, int> Partial =
            a.LoadStreamKernel<ArrayView<float>, int, int, ArrayView<double>, int>(GpuReduction.Partial);
        public readonly Action<KernelConfig, ArrayView<double>, int, ArrayView<float>, int, int> Final =
            a.LoadStreamKernel<ArrayView<double>, int, ArrayView<float>, int, int>(GpuReduction.Final);
        public readonly Action<KernelConfig, ArrayView<float>, int, ArrayView<int>> CountNonFinite =
            a.LoadStreamKernel<ArrayView<float>, int, ArrayView<int>>(GpuReduction.CountNonFinite);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, Strided6, Strided6, int> SumToPerThread =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, Strided6, Strided6, int>(GpuReduction.SumToPerThread);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, Strided6, Strided6, int> SumToPerGroup =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, Strided6, Strided6, int>(GpuReduction.SumToPerGroup);
        public readonly Action<KernelConfig, ArrayView<float>, ArrayView<double>, int, Strided6, Strided6, int, int> SumToPartials =
            a.LoadStreamKernel<ArrayView<float>, ArrayView<double>, int, Strided6, Strided6, int, int>(GpuReduction.SumToPartials);
        public readonly Action<KernelConfig, ArrayView<double>, ArrayView<float>, int, int, int> SumToFinish =
            a.LoadStreamKernel<ArrayView<double>, ArrayView<float>, int, int, int>(GpuReduction.SumToFinish);
    }
}
