using ILGPU;

namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// Building blocks shared by the kernels: grid-stride indices and group-wide tree reductions. Reductions add in
/// a fixed tree order (no atomics on floats), so every result is the same from run to run on a given device.
/// Group sizes are powers of two no larger than <see cref="MaxGroupSize"/>.
/// </summary>
internal static class GpuGroup
{
    /// <summary>The largest group any kernel is launched with (the shared reduction arrays are this long).</summary>
    public const int MaxGroupSize = 256;

    /// <summary>First index of this thread in a grid-stride loop.</summary>
    public static int Start => Grid.IdxX * Group.DimX + Group.IdxX;

    /// <summary>Step of a grid-stride loop (threads in the whole grid).</summary>
    public static int Stride => Grid.DimX * Group.DimX;

    /// <summary>Σ of one value per thread; every thread of the group gets the total.</summary>
    public static double Sum(double value) => Reduce<AddOp>(value);

    /// <summary>The maximum of one value per thread (NaN wins, as in the CPU kernels); every thread gets it.</summary>
    public static double Max(double value) => Reduce<MaxNaNOp>(value);

    // Tree reduction over the group in shared memory; the struct type parameter makes ILGPU specialise the
    // combining step at compile time (no indirect call in the kernel).
    private static double Reduce<TOp>(double value) where TOp : struct, ICombine
    {
        var shared = SharedMemory.Allocate<double>(MaxGroupSize);
        int t = Group.IdxX;
        shared[t] = value;
        Group.Barrier();
        for (int width = Group.DimX / 2; width > 0; width >>= 1)
        {
            if (t < width)
                shared[t] = default(TOp).Combine(shared[t], shared[t + width]);
            Group.Barrier();
        }
        double total = shared[0];
        Group.Barrier();
        return total;
    }

    private interface ICombine
    {
        double Combine(double a, double b);
    }

    private readonly struct AddOp : ICombine
    {
        public double Combine(double a, double b) => a + b;
    }

    private readonly struct MaxNaNOp : ICombine
    {
        public double Combine(double a, double b) => MaxNaN(a, b);
    }

    /// <summary>max(a, b) that propagates NaN.</summary>
    public static double MaxNaN(double a, double b)
    {
        if (double.IsNaN(a))
            return a;
        if (double.IsNaN(b))
            return b;
        return b > a ? b : a;
    }
}
