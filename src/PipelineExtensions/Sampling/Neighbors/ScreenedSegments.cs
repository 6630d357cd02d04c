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
    private enum Kind { Float, Int16, Int8 }

    private readonly List<GCHandle> pins = [];
    private readonly Kind kind;
    // The kind's arrays, pinned: for the queries and for each segment, rows then norms (Int8: then the factors, and for
    // segments the offsets).
    private readonly IntPtr[] queries;
    private readonly IntPtr[][] segments;
    private readonly int pairs;
    private readonly float scale;
    private readonly int quads;
    // What TryCreate measured to build the copies (the candidates' mean, the largest centred |value|): the cascade's
    // 8-bit copies (Int8Cascade) are made from them instead of scanning every row twice more.
    private float[] centre = [];
    private double maxAbs = double.NaN;

    private ScreenedSegments(Kind kind, Array[] queryArrays, Array[][] segmentArrays, int pairs = 0, float scale = 0, int quads = 0)
    {
        this.kind = kind;
        this.pairs = pairs;
        this.scale = scale;
        this.quads = quads;
        queries = new IntPtr[queryArrays.Length];
        segments = new IntPtr[segmentArrays.Length][];
        try
        {
            for (int i = 0; i < queryArrays.Length; i++)
                queries[i] = Pin(queryArrays[i]);
            for (int s = 0; s < segmentArrays.Length; s++)
            {
                segments[s] = new IntPtr[segmentArrays[s].Length];
                for (int i = 0; i < segmentArrays[s].Length; i++)
                    segments[s][i] = Pin(segmentArrays[s][i]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static ScreenedSegments Float(ScreenRows q, ScreenRows[] c) =>
        new(Kind.Float, [q.Rows, q.Norms], c.Select(r => new Array[] { r.Rows, r.Norms }).ToArray());

    private static ScreenedSegments Int16(QuantizedRows q, QuantizedRows[] c, int d, double s) =>
        new(Kind.Int16, [q.Rows, q.Norms], c.Select(r => new Array[] { r.Rows, r.Norms }).ToArray(), pairs: QuantizedRows.Pairs(d), scale: (float)(-2 * s * s));

    private static ScreenedSegments Int8(Int8Rows q, Int8Rows[] c, int d) =>
        new(Kind.Int8, [q.Rows, q.Norms, q.Factors], c.Select(r => new Array[] { r.Rows, r.Norms, r.Factors, r.Offsets! }).ToArray(), quads: Int8Rows.Quads(d));

    /// <summary>
    /// Centres the <paramref name="nq"/> rows of <paramref name="queries"/> (padded to <paramref name="padded"/> rows
    /// in the copies) and the segments, or returns null when the screen cannot be used for some row (non-finite or
    /// too large; see <see cref="ScreenRows"/>). <paramref name="int8First"/> (tests) tries the 8-bit screen before the
    /// 16-bit one.
    /// </summary>
    public static ScreenedSegments? TryCreate(float[] queries, int nq, int padded, int d, PackedRows[] segments, bool int8First = false)
    {
        if (!ScreenRows.Usable(d))
            return null;
        var mean = ScreenRows.Mean(segments, d);
        // A segment that is the queries themselves (the symmetric searches' segment 0): the same values, read the same
        // way, so its check and its 16-bit copy follow from the queries' (a repacking instead of a second rounding).
        var isQueries = segments.Select(s => s.Step == 1 && s.Map == null && ReferenceEquals(s.Rows, queries) && s.Count == nq).ToArray();
        // One pass over the rows centres them on the fly: it decides, as ScreenRows.Center would, whether the screen
        // can be used (NaN), and finds the integer screen's scale. No centred float copy is kept for it.
        double maxAbs = QuantizedRows.CentredMaxAbs(queries, nq, d, mean);
        for (int s = 0; s < segments.Length && !double.IsNaN(maxAbs); s++)
            if (!isQueries[s])
                maxAbs = Math.Max(maxAbs, QuantizedRows.CentredMaxAbs(segments[s], mean));
        if (double.IsNaN(maxAbs))
            return null;
        // The integer screen's copies, by one scale for all rows, centred as they are rounded.
        double scale = QuantizedRows.Scale(maxAbs, d);
        var quantQ = scale > 0 ? QuantizedRows.RowMajor(queries, nq, padded, d, scale, mean) : null;
        QuantizedRows[]? quant = quantQ != null ? new QuantizedRows[segments.Length] : null;
        for (int s = 0; quant != null && s < segments.Length; s++)
            if ((quant[s] = (isQueries[s] ? QuantizedRows.Repacked(quantQ!, segments[s]) : QuantizedRows.Packed(segments[s], scale, mean))!) == null)
                quant = null;
        if (quantQ != null && quant != null && !int8First)
            return Int16(quantQ, quant, d, scale).Measured(mean, maxAbs);
        // The 16-bit screen declined (a far row set the common scale and the others would round to a few levels): the
        // 8-bit screen's own scale per row keeps them apart (Int8Rows). Not first: at 100,000 × 32 it passes ~1.9× the
        // pairs, whose exact recomputes cost what its ~1.2× faster tile saves (benchmarks README, 8-bit screen pass).
        var int8 = TryInt8(queries, nq, padded, d, segments, mean, maxAbs);
        if (int8 != null)
            return int8.Measured(mean, maxAbs);
        if (quantQ != null && quant != null)
            return Int16(quantQ, quant, d, scale).Measured(mean, maxAbs);
        // The integer screen declined: the float screen's centred copies (the check above passed, so they exist).
        var centredQueries = ScreenRows.Center(PaddedRows.Create(queries, nq, d, padded), nq, d, mean)!;
        var centred = new ScreenRows[segments.Length];
        for (int s = 0; s < segments.Length; s++)
            centred[s] = ScreenRows.Center(segments[s], mean)!;
        return Float(centredQueries, centred).Measured(mean, maxAbs);
    }

    private ScreenedSegments Measured(float[] mean, double largest)
    {
        centre = mean;
        maxAbs = largest;
        return this;
    }

    /// <summary>
    /// The 8-bit screen's copies alone (<see cref="Int8Rows"/>), or null where it declines or the screen cannot be used
    /// for some row: the first stage of the cascade in front of the 16-bit screen (<see cref="NearestNeighbours.NearestBelow"/>).
    /// Its own scales: each screen's bound holds on its own (<see cref="Int8Rows"/>' remarks). Standalone; a search
    /// that already holds the 16-bit copies of the same rows uses <see cref="Int8Cascade"/>.
    /// </summary>
    public static ScreenedSegments? TryCreateInt8(float[] queries, int nq, int padded, int d, PackedRows[] segments)
    {
        if (!ScreenRows.Usable(d))
            return null;
        var mean = ScreenRows.Mean(segments, d);
        double maxAbs = QuantizedRows.CentredMaxAbs(queries, nq, d, mean);
        for (int s = 0; s < segments.Length && !double.IsNaN(maxAbs); s++)
            maxAbs = Math.Max(maxAbs, QuantizedRows.CentredMaxAbs(segments[s], mean));
        return double.IsNaN(maxAbs) ? null : TryInt8(queries, nq, padded, d, segments, mean, maxAbs);
    }

    /// <summary>
    /// <see cref="TryCreateInt8"/> for the rows this instance was made from (the same <paramref name="queries"/> and
    /// <paramref name="segments"/> as given to <see cref="TryCreate"/>), centred and scaled from what it measured:
    /// the same copies, without a second pass over the rows for the mean and a third for the largest value.
    /// </summary>
    public ScreenedSegments? Int8Cascade(float[] queries, int nq, int padded, int d, PackedRows[] segments) =>
        TryInt8(queries, nq, padded, d, segments, centre, maxAbs);

    // The 8-bit copies by one scale per row, or null where Int8Rows declines.
    private static ScreenedSegments? TryInt8(float[] queries, int nq, int padded, int d, PackedRows[] segments, float[] mean, double maxAbs)
    {
        var p8 = Int8Rows.Create(queries, nq, d, mean, maxAbs);
        var q8 = p8 != null ? Int8Rows.Queries(queries, nq, padded, d, mean, p8.Value) : null;
        Int8Rows[]? c8 = q8 != null ? new Int8Rows[segments.Length] : null;
        for (int s = 0; c8 != null && s < segments.Length; s++)
            if ((c8[s] = Int8Rows.Packed(segments[s], mean, p8!.Value)!) == null)
                c8 = null;
        return c8 != null ? Int8(q8!, c8, d) : null;
    }

    /// <summary>Segment <paramref name="s"/>'s integer-screen operands, or default when the integer screen declined.</summary>
    public unsafe QuantOperands Quantized(int s) => kind switch
    {
        Kind.Int8 => new((byte*)queries[0], (byte*)segments[s][0], (float*)queries[1], (float*)segments[s][1], (float*)queries[2], (float*)segments[s][2], (int*)segments[s][3], quads),
        Kind.Int16 => new((short*)queries[0], (short*)segments[s][0], (float*)queries[1], (float*)segments[s][1], pairs, scale),
        _ => default,
    };

    /// <summary>
    /// The operands of segment <paramref name="s"/>: original queries <paramref name="q"/> and candidates
    /// <paramref name="c"/> (<see cref="PackedRows.Rows"/>, laid out as <paramref name="cStep"/> and <paramref name="cMap"/>
    /// say), with the float screen's centred copies, or none when an integer screen is used.
    /// </summary>
    public unsafe TileOperands Operands(float* q, float* c, int s, int cStep, int[]? cMap) => kind == Kind.Float
        ? new(q, c, (float*)queries[0], (float*)segments[s][0], (float*)queries[1], (float*)segments[s][1], false, cStep, cMap)
        : new(q, c, null, null, null, null, true, cStep, cMap);

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
