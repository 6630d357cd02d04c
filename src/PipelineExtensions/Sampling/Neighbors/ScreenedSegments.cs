using System.Runtime.InteropServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// A cross search's rows prepared for the GEMM-form screen, centred by one mean (that of all candidates): the padded
/// queries and every candidate segment as 16-bit copies by one scale (<see cref="QuantizedRows"/>) where the 16-bit
/// screen accepts them, else as 6-bit copies by one scale per row (<see cref="Int8Rows"/>) where the 8-bit screen
/// does, else as float copies with reduced norms (<see cref="ScreenRows"/>); pinned for the workers.
/// Only one kind is made: the integer screens never read the float copies, and making them anyway cost 15 MB
/// at 100,000 × 32. <see cref="Operands"/> pairs them with the original rows, which the exact recompute reads.
/// Dispose to unpin.
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
    private readonly IntPtr[] byteQueries = new IntPtr[3];
    private readonly IntPtr[] byteRows;
    private readonly IntPtr[] byteNorms;
    private readonly IntPtr[] byteFactors;
    private readonly IntPtr[] byteOffsets;
    private readonly int quads;

    // Either the float screen's centred rows (queries, segments) or an integer screen's copies: 16-bit (quantQ, quant) or 8-bit (q8, c8).
    private ScreenedSegments(ScreenRows? queries, ScreenRows[]? segments, QuantizedRows? quantQ, QuantizedRows[]? quant, int d, double s, Int8Rows? q8 = null, Int8Rows[]? c8 = null)
    {
        int count = segments?.Length ?? quant?.Length ?? c8!.Length;
        byteRows = new IntPtr[count];
        byteNorms = new IntPtr[count];
        byteFactors = new IntPtr[count];
        byteOffsets = new IntPtr[count];
        segmentRows = new IntPtr[count];
        segmentNorms = new IntPtr[count];
        quantRows = new IntPtr[count];
        quantNorms = new IntPtr[count];
        try
        {
            if (queries != null && segments != null)
            {
                queryRows[0] = Pin(queries.Rows);
                queryRows[1] = Pin(queries.Norms);
                for (int i = 0; i < count; i++)
                {
                    segmentRows[i] = Pin(segments[i].Rows);
                    segmentNorms[i] = Pin(segments[i].Norms);
                }
            }
            if (quantQ != null && quant != null)
            {
                quantQueries[0] = Pin(quantQ.Rows);
                quantQueries[1] = Pin(quantQ.Norms);
                for (int i = 0; i < count; i++)
                {
                    quantRows[i] = Pin(quant[i].Rows);
                    quantNorms[i] = Pin(quant[i].Norms);
                }
                pairs = QuantizedRows.Pairs(d);
                scale = (float)(-2 * s * s);
            }
            if (q8 != null && c8 != null)
            {
                byteQueries[0] = Pin(q8.Rows);
                byteQueries[1] = Pin(q8.Norms);
                byteQueries[2] = Pin(q8.Factors);
                for (int i = 0; i < count; i++)
                {
                    byteRows[i] = Pin(c8[i].Rows);
                    byteNorms[i] = Pin(c8[i].Norms);
                    byteFactors[i] = Pin(c8[i].Factors);
                    byteOffsets[i] = Pin(c8[i].Offsets!);
                }
                quads = Int8Rows.Quads(d);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Centres the <paramref name="nq"/> rows of <paramref name="queries"/> (padded to <paramref name="padded"/> rows
    /// in the copies) and the segments, or returns null when the screen cannot be used for some row (non-finite or
    /// too large; see <see cref="ScreenRows"/>).
    /// </summary>
    public static ScreenedSegments? TryCreate(float[] queries, int nq, int padded, int d, PackedRows[] segments)
    {
        if (!ScreenRows.Usable(d))
            return null;
        var mean = ScreenRows.Mean(segments, d);
        // One pass over the rows centres them on the fly: it decides, as ScreenRows.Center would, whether the screen
        // can be used (NaN), and finds the integer screen's scale. No centred float copy is kept for it.
        double maxAbs = QuantizedRows.CentredMaxAbs(queries, nq, d, mean);
        for (int s = 0; s < segments.Length && !double.IsNaN(maxAbs); s++)
            maxAbs = Math.Max(maxAbs, QuantizedRows.CentredMaxAbs(segments[s], mean));
        if (double.IsNaN(maxAbs))
            return null;
        // The integer screen's copies, by one scale for all rows, centred as they are rounded.
        double scale = QuantizedRows.Scale(maxAbs, d);
        var quantQ = scale > 0 ? QuantizedRows.RowMajor(queries, nq, padded, d, scale, mean) : null;
        QuantizedRows[]? quant = quantQ != null ? new QuantizedRows[segments.Length] : null;
        for (int s = 0; quant != null && s < segments.Length; s++)
            if ((quant[s] = QuantizedRows.Packed(segments[s], scale, mean)!) == null)
                quant = null;
        if (quantQ != null && quant != null && !Int8First)
            return new ScreenedSegments(null, null, quantQ, quant, d, scale);
        // The 16-bit screen declined (a far row set the common scale and the others would round to a few levels): the
        // 8-bit screen's own scale per row keeps them apart (Int8Rows). Not first: at 100,000 × 32 it passes ~1.9× the
        // pairs, whose exact recomputes cost what its ~1.2× faster tile saves (benchmarks README, 8-bit screen pass).
        var p8 = Int8Rows.Create(queries, nq, d, mean, maxAbs);
        var q8 = p8 != null ? Int8Rows.Queries(queries, nq, padded, d, mean, p8.Value) : null;
        Int8Rows[]? c8 = q8 != null ? new Int8Rows[segments.Length] : null;
        for (int s = 0; c8 != null && s < segments.Length; s++)
            if ((c8[s] = Int8Rows.Packed(segments[s], mean, p8!.Value)!) == null)
                c8 = null;
        if (c8 != null)
            return new ScreenedSegments(null, null, null, null, d, 0, q8, c8);
        if (quantQ != null && quant != null)
            return new ScreenedSegments(null, null, quantQ, quant, d, scale);
        // The integer screen declined: the float screen's centred copies (the check above passed, so they exist).
        var centredQueries = ScreenRows.Center(PaddedRows.Create(queries, nq, d, padded), nq, d, mean)!;
        var centred = new ScreenRows[segments.Length];
        for (int s = 0; s < segments.Length; s++)
            centred[s] = ScreenRows.Center(segments[s], mean)!;
        return new ScreenedSegments(centredQueries, centred, null, null, d, scale);
    }

    /// <summary>Segment <paramref name="s"/>'s integer-screen operands, or default when the integer screen declined.</summary>
    public unsafe QuantOperands Quantized(int s) => byteQueries[0] != IntPtr.Zero
        ? new((byte*)byteQueries[0], (byte*)byteRows[s], (float*)byteQueries[1], (float*)byteNorms[s], (float*)byteQueries[2], (float*)byteFactors[s], (int*)byteOffsets[s], quads)
        : quantQueries[0] == IntPtr.Zero
        ? default
        : new((short*)quantQueries[0], (short*)quantRows[s], (float*)quantQueries[1], (float*)quantNorms[s], pairs, scale);

    /// <summary>Tests: true on a thread makes its searches try the 8-bit screen before the 16-bit one.</summary>
    [ThreadStatic]
    internal static bool Int8First;

    /// <summary>
    /// The operands of segment <paramref name="s"/>: original queries <paramref name="q"/> and candidates
    /// <paramref name="c"/> (<see cref="PackedRows.Rows"/>, laid out as <paramref name="cStep"/> and <paramref name="cMap"/>
    /// say), with the float screen's centred copies, or none when the integer screen is used.
    /// </summary>
    public unsafe TileOperands Operands(float* q, float* c, int s, int cStep, int[]? cMap) =>
        new(q, c, (float*)queryRows[0], (float*)segmentRows[s], (float*)queryRows[1], (float*)segmentNorms[s], quantQueries[0] != IntPtr.Zero || byteQueries[0] != IntPtr.Zero, cStep, cMap);

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
