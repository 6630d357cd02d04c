using System.Buffers;
using System.Runtime.InteropServices;

namespace PipelineExtensions.Data.Arrow;

/// <summary>Views an array of unmanaged values as bytes without copying, so Arrow buffers can wrap column arrays.</summary>
internal sealed class ByteMemoryManager<T>(T[] array) : MemoryManager<byte> where T : unmanaged
{
    private readonly Lock _gate = new();
    private GCHandle _handle;
    private int _pins;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        lock (_gate)
        {
            if (_pins++ == 0)
                _handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            return new MemoryHandle((byte*)_handle.AddrOfPinnedObject() + elementIndex, default, this);
        }
    }

    // Each MemoryHandle from Pin calls this once when disposed; the array is unpinned with the last one.
    public override void Unpin()
    {
        lock (_gate)
        {
            if (--_pins == 0 && _handle.IsAllocated)
                _handle.Free();
        }
    }

    protected override void Dispose(bool disposing)
    {
    }

    public static ReadOnlyMemory<byte> Wrap(T[] values) => new ByteMemoryManager<T>(values).Memory;
}
