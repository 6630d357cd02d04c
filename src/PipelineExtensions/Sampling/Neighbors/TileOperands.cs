namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The rows one search pass reads: the original query rows (row-major) and candidates (packed) and, when the
/// GEMM-form screen is usable, their centred copies and reduced norms (<see cref="ScreenRows"/>); null screen
/// pointers mean the direct kernel computes every tile.
/// </summary>
internal readonly unsafe struct TileOperands
{
    public TileOperands(float* q, float* c, float* screenQ, float* screenC, float* qNorms, float* cNorms)
    {
        Q = q;
        C = c;
        ScreenQ = screenQ;
        ScreenC = screenC;
        QNorms = qNorms;
        CNorms = cNorms;
    }

    public float* Q { get; }

    public float* C { get; }

    public float* ScreenQ { get; }

    public float* ScreenC { get; }

    public float* QNorms { get; }

    public float* CNorms { get; }

    /// <summary>Whether the GEMM-form screen is used.</summary>
    public bool Screened => ScreenQ != null;
}
