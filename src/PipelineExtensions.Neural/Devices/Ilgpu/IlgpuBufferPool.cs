using ILGPU;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>
/// Reuses accelerator buffers by exact length, as the CPU backend's pool does with arrays: a training step asks
/// for the same sizes every time, so after the first step no device allocation happens (cudaMalloc is slow and
/// synchronising). Idle memory is bounded by <see cref="MaxRetainedFloats"/>; beyond it released buffers are freed.
/// Callers hold the device's lock.
/// </summary>
internal sealed class IlgpuBufferPool(Accelerator accelerator, long maxRetainedFloats) : IDisposable
{
    private readonly Dictionary<int, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> _free = new();

    public long MaxRetainedFloats { get; set; } = maxRetainedFloats;

    public long RetainedFloats { get; private set; }

    public MemoryBuffer1D<float, Stride1D.Dense> Rent(int length)
    {
        if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            RetainedFloats -= length;
            return stack.Pop();
        }
        try
        {
            return accelerator.Allocate1D<float>(length);
        }
        catch (Exception e) when (e is not ArgumentException && RetainedFloats > 0)
        {
            // Out of device memory: give the idle buffers back and try once more.
            Clear();
            return accelerator.Allocate1D<float>(length);
        }
    }

    public void Return(MemoryBuffer1D<float, Stride1D.Dense> buffer)
    {
        int length = (int)buffer.Length;
        if (RetainedFloats + length > MaxRetainedFloats)
        {
            buffer.Dispose();
            return;
        }
        if (!_free.TryGetValue(length, out var stack))
            _free[length] = stack = new Stack<MemoryBuffer1D<float, Stride1D.Dense>>();
        stack.Push(buffer);
        RetainedFloats += length;
    }

    public void Clear()
    {
        foreach (var stack in _free.Values)
            foreach (var buffer in stack)
                buffer.Dispose();
        _free.Clear();
        RetainedFloats = 0;
    }

    public void Dispose() => Clear();
}
