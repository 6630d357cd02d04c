using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The integer screen's operands of one candidate segment (<see cref="QuantizedRows"/>, <see cref="Int16Tile"/>):
/// quantized queries and packed candidates with their reduced norms, and −2s²; where the 8-bit screen accepts the
/// rows, or, where it declines, the 8-bit screen's (<see cref="Int8Rows"/>, <see cref="Int8Tile"/>) with their per-row
/// factors and candidate offsets. Default (null pointers) when the integer screen is not used for the search.
/// </summary>
internal readonly unsafe struct QuantOperands
{
    public QuantOperands(short* q, short* c, float* qNorms, float* cNorms, int pairs, float scale)
    {
        Q = q;
        C = c;
        QNorms = qNorms;
        CNorms = cNorms;
        Pairs = pairs;
        Scale = scale;
    }

    /// <summary>The 8-bit screen's operands (<see cref="Int8Rows"/>).</summary>
    public QuantOperands(byte* q, byte* c, float* qNorms, float* cNorms, float* qFactors, float* cFactors, int* cOffsets, int quads)
    {
        Q8 = q;
        C8 = c;
        QNorms = qNorms;
        CNorms = cNorms;
        QFactors = qFactors;
        CFactors = cFactors;
        COffsets = cOffsets;
        Quads = quads;
    }

    public short* Q { get; }

    public short* C { get; }

    public float* QNorms { get; }

    public float* CNorms { get; }

    /// <summary>Feature pairs per row.</summary>
    public int Pairs { get; }

    /// <summary>−2s².</summary>
    public float Scale { get; }

    public byte* Q8 { get; }

    public byte* C8 { get; }

    public float* QFactors { get; }

    public float* CFactors { get; }

    public int* COffsets { get; }

    /// <summary>Feature quads per row (8-bit screen).</summary>
    public int Quads { get; }

    /// <summary>Whether the integer screen is used.</summary>
    public bool Usable => Q != null || Q8 != null;

    /// <summary>Whether the 8-bit screen is used.</summary>
    public bool Bytes => Q8 != null;

    /// <summary>Bytes per quantized row.</summary>
    public long RowBytes => Bytes ? 4L * Quads : 4L * Pairs;

    /// <summary>The first candidate byte.</summary>
    public byte* CandidateBytes => Bytes ? C8 : (byte*)C;

    /// <summary>The screen tile (<see cref="Int8Tile"/> or <see cref="Int16Tile"/>) of query rows <paramref name="qi"/>.. and candidates <paramref name="cj"/>...</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Screen(int qi, int cj, float* result, float* rowThresholds, float* columnThresholds) => Bytes
        ? Int8Tile.ComputeScreened(Q8 + qi * 4L * Quads, C8 + cj * 4L * Quads, Quads, result, QNorms + qi, CNorms + cj, QFactors + qi, CFactors + cj, COffsets + cj, rowThresholds, columnThresholds)
        : WideKernels.Enabled
            ? Int16Tile.ComputeScreenedAvx512(Q + qi * 2L * Pairs, C + cj * 2L * Pairs, Pairs, result, QNorms + qi, CNorms + cj, Scale, rowThresholds, columnThresholds)
            : Int16Tile.ComputeScreened(Q + qi * 2L * Pairs, C + cj * 2L * Pairs, Pairs, result, QNorms + qi, CNorms + cj, Scale, rowThresholds, columnThresholds);
}
