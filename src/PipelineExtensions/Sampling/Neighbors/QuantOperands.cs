namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The integer screen's operands of one candidate segment (<see cref="QuantizedRows"/>, <see cref="Int16Tile"/>):
/// quantized queries and packed candidates with their reduced norms, and −2s². Default (null pointers) when the
/// integer screen is not used for the search.
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

    public short* Q { get; }

    public short* C { get; }

    public float* QNorms { get; }

    public float* CNorms { get; }

    /// <summary>Feature pairs per row.</summary>
    public int Pairs { get; }

    /// <summary>−2s².</summary>
    public float Scale { get; }

    /// <summary>Whether the integer screen is used.</summary>
    public bool Usable => Q != null;
}
