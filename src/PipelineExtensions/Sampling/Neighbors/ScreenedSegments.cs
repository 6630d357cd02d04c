using System.Runtime.InteropServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// A cross search's rows prepared for the GEMM-form screen: the padded queries and every candidate segment centred
/// by one mean (that of all candidates), with reduced norms (<see cref="ScreenRows"/>), pinned for the workers.
/// <see cref="Operands"/> pairs them with the original rows, which the exact recompute reads. Dispose to unpin.
/// </summary>
internal sealed class ScreenedSegments : IDisposable
{
    private readonly List<GCHandle> pins = [];
    private readonly IntPtr[] queryRows = new IntPtr[2];
    private readonly IntPtr[] segmentRows;
    private readonly IntPtr[] segmentNorms;

    private ScreenedSegments(ScreenRows queries, ScreenRows[] segments)
    {
        segmentRows = new IntPtr[segments.Length];
        segmentNorms = new IntPtr[segments.Length];
        try
        {
            queryRows[0] = Pin(queries.Rows);
            queryRows[1] = Pin(queries.Norms);
            for (int s = 0; s < segments.Length; s++)
            {
                segmentRows[s] = Pin(segments[s].Rows);
                segmentNorms[s] = Pin(segments[s].Norms);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Centres <paramref name="paddedQueries"/> (<paramref name="nq"/> real rows, NaN padding) and the segments, or
    /// returns null when the screen cannot be used for some row (non-finite or too large; see <see cref="ScreenRows"/>).
    /// </summary>
    public static ScreenedSegments? TryCreate(float[] paddedQueries, int nq, int d, PackedRows[] segments)
    {
        var mean = ScreenRows.Mean(segments, d);
        var queries = ScreenRows.Center(paddedQueries, nq, d, mean);
        if (queries == null)
            return null;
        var centred = new ScreenRows[segments.Length];
        for (int s = 0; s < segments.Length; s++)
            if ((centred[s] = ScreenRows.Center(segments[s], mean)!) == null)
                return null;
        return new ScreenedSegments(queries, centred);
    }

    /// <summary>The operands of segment <paramref name="s"/>: original queries <paramref name="q"/> and packed candidates <paramref name="c"/>, with their centred copies.</summary>
    public unsafe TileOperands Operands(float* q, float* c, int s) =>
        new(q, c, (float*)queryRows[0], (float*)segmentRows[s], (float*)queryRows[1], (float*)segmentNorms[s]);

    public void Dispose()
    {
        foreach (var pin in pins)
            if (pin.IsAllocated)
                pin.Free();
        pins.Clear();
    }

    private IntPtr Pin(float[] array)
    {
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        pins.Add(handle);
        return handle.AddrOfPinnedObject();
    }
}
