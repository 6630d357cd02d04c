namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The rows one search pass reads: the original query rows (row-major) and candidates (packed) and, when the
/// float GEMM-form screen is used, their centred copies and reduced norms (<see cref="ScreenRows"/>); null screen
/// pointers and no <see cref="Integer"/> mean the direct kernel computes every tile.
/// </summary>
internal readonly unsafe struct TileOperands
{
    public TileOperands(float* q, float* c, float* screenQ, float* screenC, float* qNorms, float* cNorms, bool integer = false, int cStep = PackedRows.Lanes, int[]? cMap = null)
    {
        Integer = integer;
        CStep = cStep;
        CMap = cMap;
        Q = q;
        C = c;
        ScreenQ = screenQ;
        ScreenC = screenC;
        QNorms = qNorms;
        CNorms = cNorms;
    }

    public float* Q { get; }

    public float* C { get; }

    /// <summary>
    /// How the exact recompute finds a candidate's features from <see cref="C"/> (<see cref="PackedRows.Start(int)"/>):
    /// 8, packed; 1, row-major rows (through <see cref="CMap"/> when given). The direct kernel reads packed rows only.
    /// </summary>
    public int CStep { get; }

    /// <summary>With <see cref="CStep"/> 1, the row of <see cref="C"/> holding each candidate, or null for the same row.</summary>
    public int[]? CMap { get; }

    public float* ScreenQ { get; }

    public float* ScreenC { get; }

    public float* QNorms { get; }

    public float* CNorms { get; }

    /// <summary>Whether the integer screen (<see cref="QuantOperands"/>) is used, without the float copies.</summary>
    public bool Integer { get; }

    /// <summary>Whether a GEMM-form screen, float or integer, is used.</summary>
    public bool Screened => ScreenQ != null || Integer;
}
