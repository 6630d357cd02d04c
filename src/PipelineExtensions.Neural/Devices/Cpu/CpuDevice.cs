using PipelineExtensions.Neural.Kernels;

namespace PipelineExtensions.Neural.Devices.Cpu;

/// <summary>
/// The CPU backend: managed float arrays from a size-keyed pool and SIMD kernels (AVX2/FMA where available)
/// run on up to <see cref="MaxDegreeOfParallelism"/> threads. Work is split in blocks that depend only on the
/// problem size, so results are bit-identical for any thread count.
/// </summary>
public sealed partial class CpuDevice : Device
{
    internal static readonly CpuDevice Shared = new(Environment.ProcessorCount);

    private readonly BufferPool _pool = new();
    private int _threads;

    /// <summary>A CPU backend that uses up to <paramref name="maxDegreeOfParallelism"/> threads.</summary>
    public CpuDevice(int maxDegreeOfParallelism)
    {
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>Threads the kernels may use (default: all logical processors). Settable between operations.</summary>
    public int MaxDegreeOfParallelism
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be at least 1.");
    }

    /// <inheritdoc/>
    public override string Name => "cpu";

    /// <summary>Floats currently idle in the memory pool.</summary>
    public long PooledFloats => _pool.RetainedFloats;

    /// <summary>Drops the idle pooled arrays (the garbage collector reclaims them).</summary>
    public void TrimPool() => _pool.Clear();

    internal static float[] D(Storage s) => ((CpuStorage)s).Data;

    internal static float[]? DOrNull(Storage? s) => s is null ? null : ((CpuStorage)s).Data;

    /// <inheritdoc/>
    public override Storage Allocate(int length) => new CpuStorage(this, _pool.Rent(length), length);

    /// <inheritdoc/>
    protected internal override void Release(Storage storage) => _pool.Return(D(storage));

    /// <inheritdoc/>
    public override void Upload(ReadOnlySpan<float> source, Storage destination, int offset) => source.CopyTo(D(destination).AsSpan(offset, source.Length));

    /// <inheritdoc/>
    public override void Download(Storage source, int offset, Span<float> destination) => D(source).AsSpan(offset, destination.Length).CopyTo(destination);

    /// <inheritdoc/>
    public override void Fill(Storage x, int offset, int length, float value) => D(x).AsSpan(offset, length).Fill(value);

    /// <inheritdoc/>
    public override void Copy(Storage source, int sourceOffset, Storage destination, int destinationOffset, int length) =>
        D(source).AsSpan(sourceOffset, length).CopyTo(D(destination).AsSpan(destinationOffset, length));

    /// <inheritdoc/>
    public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c) =>
        Sgemm.Run(transposeA, transposeB, m, n, k, alpha, D(a), D(b), beta, D(c), _threads);
}
