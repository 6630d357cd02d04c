using System.Runtime.InteropServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The candidate segments of a cross search, pinned for the workers' raw pointers, with each segment's first global
/// candidate index (segments are numbered as if concatenated in order). Dispose to unpin.
/// </summary>
internal sealed class PinnedSegments : IDisposable
{
    private readonly GCHandle[] pins;

    /// <summary>Pins each segment's packed <see cref="PackedRows.Data"/> or, with <paramref name="unpacked"/>, its <see cref="PackedRows.Rows"/> (no packed copy made for it).</summary>
    public PinnedSegments(PackedRows[] segments, bool unpacked = false)
    {
        pins = new GCHandle[segments.Length];
        Bases = new IntPtr[segments.Length];
        Offsets = new int[segments.Length];
        try
        {
            for (int s = 0; s < segments.Length; s++)
            {
                pins[s] = GCHandle.Alloc(unpacked ? segments[s].Rows : segments[s].Data, GCHandleType.Pinned);
                Bases[s] = pins[s].AddrOfPinnedObject();
                if (s > 0)
                    Offsets[s] = Offsets[s - 1] + segments[s - 1].Count;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Address of each segment's pinned rows.</summary>
    public IntPtr[] Bases { get; }

    /// <summary>Global index of each segment's first row.</summary>
    public int[] Offsets { get; }

    public void Dispose()
    {
        foreach (var pin in pins)
            if (pin.IsAllocated)
                pin.Free();
    }
}
