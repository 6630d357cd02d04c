namespace PipelineExtensions.Neural.Devices;

/// <summary>
/// A block of float32 memory owned by a <see cref="Device"/> (managed memory for the CPU, device memory for an
/// accelerator). Tensors reference storage; views (reshapes) share it. The storage goes back to its device's
/// pool when the last tensor that references it is disposed.
/// </summary>
public abstract class Storage
{
    private int _references = 1;

    /// <summary>Creates storage of <paramref name="length"/> floats on <paramref name="device"/>.</summary>
    protected Storage(Device device, int length)
    {
        Device = device;
        Length = length;
    }

    /// <summary>The device that owns this memory.</summary>
    public Device Device { get; }

    /// <summary>Number of float32 elements.</summary>
    public int Length { get; }

    /// <summary>True once the storage was returned to its device (using it then is a bug).</summary>
    public bool IsReleased => Volatile.Read(ref _references) <= 0;

    internal void AddReference()
    {
        if (Interlocked.Increment(ref _references) <= 1)
            throw new ObjectDisposedException(nameof(Storage), "Storage was already released.");
    }

    internal void ReleaseReference()
    {
        if (Interlocked.Decrement(ref _references) == 0)
            Device.Release(this);
    }
}
