using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>
/// The accelerator backend: tensors live in accelerator memory and every operation of <see cref="Device"/> runs as
/// an ILGPU kernel, compiled at run time to PTX for an NVIDIA GPU (<see cref="Cuda"/>) or run by ILGPU's CPU
/// accelerator (<see cref="CpuAccelerator"/>, a simulation used to test the kernels without a GPU). Host memory is
/// touched only by <see cref="Upload"/> and <see cref="Download"/> (batches in, metrics out).
/// </summary>
/// <remarks>
/// <para>Kernels are compiled once per device, on first use of their family, and cached. Memory is pooled by
/// size like the CPU backend's, so a steady-state training step allocates no device memory.</para>
/// <para>Results are deterministic: reductions (losses, norms, batch statistics, bias and weight gradients) add
/// in fixed tree orders without floating-point atomics. They agree with the CPU backend to rounding (the summation
/// order differs); the device-conformance tests document the tolerances.</para>
/// <para>GEMM runs through cuBLAS (ILGPU's binding, loading <c>libcublas.so.12/11/10</c>, or CUDA 13's
/// <c>libcublas.so.13</c> in place of .12) on CUDA when the library can be loaded, otherwise through a shared-memory
/// tiled kernel; <see cref="GemmBackend"/> forces either. On an H100 cuBLAS ran 4.5× faster at 4096³ and 8× faster
/// over a small-CNN epoch (benchmarks/README.md), so it is the default.
/// Operations are serialized by a lock, so a device may be shared by threads. Dispose the device after the
/// tensors that use it.</para>
/// </remarks>
public sealed partial class IlgpuDevice : Device, IDisposable
{
    [ThreadStatic]
    private static IlgpuDevice? _boundOnThread;

    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly object _gate = new();
    private readonly IlgpuBufferPool _pool;
    private readonly ILogger _logger;
    private readonly int _groupSize, _maxGroups, _reduceGroups;
    private GpuElementwise.Set? _elementwise;
    private GpuReduction.Set? _reduction;
    private GpuSoftmax.Set? _softmax;
    private GpuConvolution.Set? _convolution;
    private GpuPooling.Set? _pooling;
    private GpuBatchNorm.Set? _batchNorm;
    private GpuOptimizer.Set? _optimizer;
    private GpuGemm.Set<GemmTile64>? _gemm64;
    private GpuGemm.Set<GemmTile8>? _gemm8;
    private MemoryBuffer1D<double, Stride1D.Dense>? _doubles;
    private MemoryBuffer1D<int, Stride1D.Dense>? _counter;
    private bool _disposed;

    private IlgpuDevice(Context context, Accelerator accelerator, string name, ILogger? logger)
    {
        _context = context;
        _accelerator = accelerator;
        _stream = accelerator.DefaultStream;
        _logger = logger ?? NullLogger.Instance;
        Name = name;
        IsCuda = accelerator.AcceleratorType == AcceleratorType.Cuda;
        GpuTimingAvailable = context.Properties.EnableProfiling;
        // 1-D kernels: the largest power of two up to 256 threads per group; enough groups to fill the device.
        _groupSize = Math.Min(GpuGroup.MaxGroupSize, 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)accelerator.MaxNumThreadsPerGroup)));
        _maxGroups = IsCuda
            ? Math.Max(1, accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / _groupSize))
            : Math.Max(1, accelerator.NumMultiprocessors);
        _reduceGroups = IsCuda ? 1024 : Math.Max(2, accelerator.NumMultiprocessors * 2);
        _pool = new IlgpuBufferPool(accelerator, IsCuda ? accelerator.MemorySize / 4 / sizeof(float) : 64L * 1024 * 1024);
    }

    /// <summary>
    /// The CUDA GPU number <paramref name="deviceId"/> (in the driver's order). Throws
    /// <see cref="InvalidOperationException"/> naming the devices found when there is no such GPU (see
    /// <see cref="DeviceSelection"/> for the CPU fallback).
    /// </summary>
    /// <param name="deviceId">The GPU's number.</param>
    /// <param name="logger">Receives warnings (e.g. cuBLAS not loadable); optional.</param>
    /// <param name="instructionSet">Forces the PTX ISA version the kernels are emitted for (null: ILGPU's choice
    /// from the GPU's architecture and the driver's version). A lower ISA helps when a driver newer than ILGPU
    /// knows rejects or misreads ILGPU's default.</param>
    /// <param name="profiling">Enables stream markers, so that <see cref="StopProfile"/> reports GPU time per operation.</param>
    public static IlgpuDevice Cuda(int deviceId = 0, ILogger? logger = null, CudaInstructionSet? instructionSet = null, bool profiling = false)
    {
        var context = Context.Create(b =>
        {
            if (profiling)
                b.Profiling();
            if (instructionSet is { } isa)
                b.Cuda(o => o.InstructionSet = isa);
            else
                b.Cuda();
            b.EnableAlgorithms().Math(MathMode.Default).Optimize(OptimizationLevel.O2);
        });
        try
        {
            var devices = context.GetCudaDevices();
            if (deviceId < 0 || deviceId >= devices.Count)
                throw new InvalidOperationException(DeviceSelection.NoSuchGpuMessage(deviceId, Names(devices)));
            var accelerator = devices[deviceId].CreateCudaAccelerator(context);
            return new IlgpuDevice(context, accelerator, $"cuda:{deviceId}", logger);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ILGPU's CPU accelerator: the same kernels, simulated on CPU threads (slow; for tests and for checking a
    /// deployment without a GPU). <paramref name="threadsPerGroup"/> (a power of two, ≥ 4) simulated threads per
    /// group, <paramref name="parallelGroups"/> groups run in parallel.
    /// </summary>
    /// <param name="threadsPerGroup">Simulated threads per group (a power of two, ≥ 4).</param>
    /// <param name="parallelGroups">Groups run in parallel.</param>
    /// <param name="logger">Receives warnings; optional.</param>
    /// <param name="profiling">Enables stream markers, so that <see cref="StopProfile"/> reports device time per operation.</param>
    public static IlgpuDevice CpuAccelerator(int threadsPerGroup = 4, int parallelGroups = 2, ILogger? logger = null, bool profiling = false)
    {
        if (threadsPerGroup < 4 || threadsPerGroup > GpuGroup.MaxGroupSize || (threadsPerGroup & (threadsPerGroup - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(threadsPerGroup), threadsPerGroup, $"threadsPerGroup must be a power of two in [4, {GpuGroup.MaxGroupSize}].");
        if (parallelGroups < 1 || parallelGroups > 256)
            throw new ArgumentOutOfRangeException(nameof(parallelGroups), parallelGroups, "parallelGroups must be in [1, 256].");
        var cpu = new CPUDevice(4, threadsPerGroup / 4, parallelGroups);
        var context = Context.Create(b =>
        {
            b.CPU(cpu).EnableAlgorithms().Math(MathMode.Default).Optimize(OptimizationLevel.O1);
            if (profiling)
                b.Profiling();
        });
        try
        {
            var accelerator = cpu.CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel);
            return new IlgpuDevice(context, accelerator, "ilgpu-cpu", logger);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Names of the CUDA GPUs ILGPU can see (empty without a GPU or without the CUDA driver).</summary>
    public static IReadOnlyList<string> CudaDeviceNames()
    {
        using var context = Context.Create(b => b.Cuda());
        return Names(context.GetCudaDevices());
    }

    private static List<string> Names(Context.DeviceCollection<CudaDevice> devices)
    {
        var names = new List<string>();
        foreach (var d in devices)
            names.Add(d.Name);
        return names;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>True for a CUDA GPU, false for ILGPU's CPU accelerator.</summary>
    public bool IsCuda { get; }

    /// <summary>The accelerator's own description, e.g. "NVIDIA H100 80GB HBM3" or "CPUAccelerator".</summary>
    public string AcceleratorName => _accelerator.Name;

    /// <summary>Accelerator memory in bytes.</summary>
    public long MemorySize => _accelerator.MemorySize;

    /// <summary>Floats currently idle in the memory pool.</summary>
    public long PooledFloats
    {
        get
        {
            lock (_gate)
                return _pool.RetainedFloats;
        }
    }

    /// <summary>Upper bound of idle pooled memory in floats (default: a quarter of the GPU's memory; 256 MiB on the CPU accelerator).</summary>
    public long MaxPooledFloats
    {
        get => _pool.MaxRetainedFloats;
        set
        {
            lock (_gate)
                _pool.MaxRetainedFloats = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxPooledFloats must be ≥ 0.");
        }
    }

    /// <summary>Frees the idle pooled buffers.</summary>
    public void TrimPool()
    {
        using var _ = Enter();
        _pool.Clear();
    }

    /// <summary>Waits until every queued kernel and copy has finished (for timing; transfers synchronise by themselves).</summary>
    public void Synchronize()
    {
        using var _ = Enter();
        _stream.Synchronize();
    }

    /// <summary>Frees the device memory, the compiled kernels and the accelerator.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _accelerator.Bind();
            _stream.Synchronize();
            _cuBlas?.Dispose();
            _pool.Dispose();
            _doubles?.Dispose();
            _counter?.Dispose();
            _accelerator.Dispose();
            _context.Dispose();
            if (_boundOnThread == this)
                _boundOnThread = null;
        }
    }

    // ---------------------------------------------------------------- plumbing

    /// <summary>Takes the device lock and makes the accelerator current on this thread (CUDA contexts are per thread).</summary>
    private Scope Enter([CallerMemberName] string operation = "")
    {
        Monitor.Enter(_gate);
        if (_disposed)
        {
            Monitor.Exit(_gate);
            throw new ObjectDisposedException(Name, $"The ILGPU device {Name} was disposed.");
        }
        if (_boundOnThread != this)
        {
            _accelerator.Bind();
            _boundOnThread = this;
        }
        return OpenScope(operation);
    }

    /// <summary>Holds the lock for one operation; records it when a profile is running.</summary>
    private readonly struct Scope(IlgpuDevice device, string? operation, long startTicks, ProfilingMarker? startMarker) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                device.CloseScope(operation, startTicks, startMarker);
            }
            finally
            {
                Monitor.Exit(device._gate);
            }
        }
    }

    private GpuElementwise.Set Elementwise => _elementwise ??= new GpuElementwise.Set(_accelerator);

    private GpuReduction.Set Reduction => _reduction ??= new GpuReduction.Set(_accelerator);

    private GpuSoftmax.Set SoftmaxKernels => _softmax ??= new GpuSoftmax.Set(_accelerator);

    private GpuConvolution.Set Convolution => _convolution ??= new GpuConvolution.Set(_accelerator);

    private GpuPooling.Set Pooling => _pooling ??= new GpuPooling.Set(_accelerator);

    private GpuBatchNorm.Set BatchNorm => _batchNorm ??= new GpuBatchNorm.Set(_accelerator);

    private GpuOptimizer.Set Optimizer => _optimizer ??= new GpuOptimizer.Set(_accelerator);

    /// <summary>A grid-stride launch over <paramref name="n"/> items.</summary>
    private KernelConfig Elements(long n) => new((int)Math.Clamp((n + _groupSize - 1) / _groupSize, 1, _maxGroups), _groupSize);

    /// <summary>One group per item (up to the device's group budget; kernels loop over the rest).</summary>
    private KernelConfig GroupPerItem(int items) => new(Math.Clamp(items, 1, _maxGroups), _groupSize);

    private static ArrayView<float> V(Storage s) => ((IlgpuStorage)s).View;

    private static ArrayView<float> VOrEmpty(Storage? s) => s is null ? ArrayView<float>.Empty : ((IlgpuStorage)s).View;

    /// <summary>A scratch double array of at least <paramref name="length"/> values (grown, never shrunk).</summary>
    private ArrayView<double> Doubles(int length)
    {
        if (_doubles is null || _doubles.Length < length)
        {
            _doubles?.Dispose();
            _doubles = _accelerator.Allocate1D<double>(Math.Max(length, 1024));
        }
        return _doubles.View;
    }

    /// <summary>Pooled device memory for one operation's workspace (returned with <see cref="ReturnWorkspace"/>).</summary>
    private MemoryBuffer1D<float, Stride1D.Dense> RentWorkspace(int length) => _pool.Rent(Math.Max(length, 1));

    private void ReturnWorkspace(MemoryBuffer1D<float, Stride1D.Dense> buffer) => _pool.Return(buffer);

    // ---------------------------------------------------------------- memory

    /// <inheritdoc/>
    public override Storage Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        using var _ = Enter();
        int size = Math.Max(length, 1);
        try
        {
            return new IlgpuStorage(this, _pool.Rent(size), length);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            throw new InsufficientMemoryException(
                $"{Name} ({AcceleratorName}): could not allocate {size:N0} floats ({size * 4L / (1 << 20):N0} MiB) of device memory " +
                $"({MemorySize / (1 << 20):N0} MiB in all). Use smaller batches or a smaller network.", e);
        }
    }

    /// <inheritdoc/>
    protected internal override void Release(Storage storage)
    {
        lock (_gate)
        {
            var buffer = ((IlgpuStorage)storage).Buffer;
            if (_disposed)
                return;
            _pool.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public override void Upload(ReadOnlySpan<float> source, Storage destination, int offset)
    {
        if (source.IsEmpty)
            return;
        using var _ = Enter();
        V(destination).SubView(offset, source.Length).CopyFromCPU(_stream, source);
    }

    /// <inheritdoc/>
    public override void Download(Storage source, int offset, Span<float> destination)
    {
        if (destination.IsEmpty)
            return;
        using var _ = Enter();
        V(source).SubView(offset, destination.Length).CopyToCPU(_stream, destination);
    }

    /// <inheritdoc/>
    public override void Fill(Storage x, int offset, int length, float value)
    {
        if (length <= 0)
            return;
        using var _ = Enter();
        Elementwise.Fill(Elements(length), V(x), offset, length, value);
    }

    /// <inheritdoc/>
    public override void Copy(Storage source, int sourceOffset, Storage destination, int destinationOffset, int length)
    {
        if (length <= 0)
            return;
        using var _ = Enter();
        V(source).SubView(sourceOffset, length).CopyTo(_stream, V(destination).SubView(destinationOffset, length));
    }
}
