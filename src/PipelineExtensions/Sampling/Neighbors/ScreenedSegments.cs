using System.Runtime.InteropServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// A cross search's rows prepared for the GEMM-form screen: the padded queries and every candidate segment centred
/// by one mean (that of all candidates), with reduced norms (<see cref="ScreenRows"/>), and, where the integer screen
/// accepts them, their 16-bit copies by one scale (<see cref="QuantizedRows"/>), pinned for the workers.
/// <see cref="Operands"/> pairs them with the original rows, which the exact recompute reads. Dispose to unpin.
/// </summary>
internal sealed class ScreenedSegments : IDisposable
{
    private readonly List<GCHandle> pins = [];
    private readonly IntPtr[] queryRows = new IntPtr[2];
    private readonly IntPtr[] segmentRows;
    private readonly IntPtr[] segmentNorms;

    private readonly IntPtr[] quantQueries = new IntPtr[2];
    private readonly IntPtr[] quantRows;
    private readonly IntPtr[] quantNorms;
    private readonly int pairs;
    private readonly float scale;
    private readonly bool bytes;

    private ScreenedSegments(ScreenRows queries, ScreenRows[] segments, QuantizedRows? quantQ, QuantizedRows[]? quant, int d, double s, Int8Rows? q8 = null, Int8Rows[]? c8 = null, float k = 0)
    {
        segmentRows = new IntPtr[segments.Length];
        segmentNorms = new IntPtr[segments.Length];
        quantRows = new IntPtr[segments.Length];
        quantNorms = new IntPtr[segments.Length];
        try
        {
            queryRows[0] = Pin(queries.Rows);
            queryRows[1] = Pin(queries.Norms);
            for (int i = 0; i < segments.Length; i++)
            {
                segmentRows[i] = Pin(segments[i].Rows);
                segmentNorms[i] = Pin(segments[i].Norms);
            }
            if (quantQ != null && quant != null)
            {
                quantQueries[0] = Pin(quantQ.Rows);
                quantQueries[1] = Pin(quantQ.Norms);
                for (int i = 0; i < segments.Length; i++)
                {
                    quantRows[i] = Pin(quant[i].Rows);
                    quantNorms[i] = Pin(quant[i].Norms);
                }
                pairs = QuantizedRows.Pairs(d);
                scale = (float)(-2 * s * s);
            }
            else if (q8 != null && c8 != null)
            {
                quantQueries[0] = Pin(q8.Rows);
                quantQueries[1] = Pin(q8.Norms);
                for (int i = 0; i < segments.Length; i++)
                {
                    quantRows[i] = Pin(c8[i].Rows);
                    quantNorms[i] = Pin(c8[i].Norms);
                }
                pairs = Int8Rows.Quads(d);
                scale = k;
                bytes = true;
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
        // The integer screen's copies, by one scale for all rows (null where it declines: the float screen is used).
        double maxAbs = QuantizedRows.MaxAbs(queries.Rows, nq, d);
        for (int s = 0; s < segments.Length; s++)
            maxAbs = Math.Max(maxAbs, QuantizedRows.MaxAbsPacked(centred[s].Rows, segments[s].Count, d));
        // The 8-bit screen first (Int8Rows), the 16-bit one where it declines.
        float k = Int8Enabled ? Int8Rows.Factor(maxAbs, d) : 0;
        var q8 = k != 0 ? Int8Rows.Queries(queries, nq, d, k) : null;
        Int8Rows[]? c8 = q8 != null ? new Int8Rows[segments.Length] : null;
        for (int s = 0; c8 != null && s < segments.Length; s++)
            if ((c8[s] = Int8Rows.Packed(centred[s], segments[s].Count, d, k)!) == null)
                c8 = null;
        if (c8 != null)
            return new ScreenedSegments(queries, centred, null, null, d, 0, q8, c8, k);
        double scale = QuantizedRows.Scale(maxAbs, d);
        var quantQ = scale > 0 ? QuantizedRows.RowMajor(queries.Rows, nq, d, scale) : null;
        QuantizedRows[]? quant = quantQ != null ? new QuantizedRows[segments.Length] : null;
        for (int s = 0; quant != null && s < segments.Length; s++)
            if ((quant[s] = QuantizedRows.Packed(centred[s].Rows, segments[s].Count, d, scale)!) == null)
                quant = null;
        return new ScreenedSegments(queries, centred, quantQ, quant, d, scale);
    }

    /// <summary>Segment <paramref name="s"/>'s integer-screen operands, or default when the integer screen declined.</summary>
    public unsafe QuantOperands Quantized(int s) => quantQueries[0] == IntPtr.Zero
        ? default
        : bytes
        ? new((byte*)quantQueries[0], (byte*)quantRows[s], (float*)quantQueries[1], (float*)quantNorms[s], pairs, scale)
        : new((short*)quantQueries[0], (short*)quantRows[s], (float*)quantQueries[1], (float*)quantNorms[s], pairs, scale);

    internal static bool Int8Enabled = Environment.GetEnvironmentVariable("PIPEX_INT8") != "0";

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

    private IntPtr Pin(Array array)
    {
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        pins.Add(handle);
        return handle.AddrOfPinnedObject();
    }
}
