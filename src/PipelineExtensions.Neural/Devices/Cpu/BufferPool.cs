namespace PipelineExtensions.Neural.Devices.Cpu;

/// <summary>
/// Reuses float arrays by exact length. A training step allocates the same set of sizes every time, so after
/// the first step every request is served from the pool and the garbage collector sees no new arrays.
/// The pool keeps at most <see cref="MaxRetainedFloats"/> idle floats; beyond that, released arrays are dropped.
/// </summary>
internal sealed class BufferPool
{
    private readonly Dictionary<int, Stack<float[]>> _free = new();
    private readonly object _gate = new();
    private long _retained;

    /// <summary>Upper bound on idle pooled memory (floats): 1 GiB by default.</summary>
    public long MaxRetainedFloats { get; set; } = 256L * 1024 * 1024;

    /// <summary>Idle floats currently held.</summary>
    public long RetainedFloats
    {
        get
        {
            lock (_gate)
                return _retained;
        }
    }

    public float[] Rent(int length)
    {
        lock (_gate)
        {
            if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                _retained -= length;
                return stack.Pop();
            }
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    public void Return(float[] array)
    {
        lock (_gate)
        {
            if (_retained + array.Length > MaxRetainedFloats)
                return;
            if (!_free.TryGetValue(array.Length, out var stack))
                _free[array.Length] = stack = new Stack<float[]>();
            stack.Push(array);
            _retained += array.Length;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _free.Clear();
            _retained = 0;
        }
    }
}
