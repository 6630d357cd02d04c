namespace PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

/// <summary>
/// A walk over up to six dimensions with one stride per dimension (0 where an operand broadcasts), passed to
/// kernels by value. Unused leading dimensions have size 1. <see cref="Offset"/> maps a linear index (row-major
/// over the dimensions) to the strided offset.
/// </summary>
internal struct Strided6
{
    public const int MaxRank = 6;

    public int D0, D1, D2, D3, D4, D5;
    public int S0, S1, S2, S3, S4, S5;

    /// <summary>Dimensions and strides, right-aligned (the last entry is the innermost dimension).</summary>
    public static Strided6 Create(ReadOnlySpan<int> dims, ReadOnlySpan<int> strides)
    {
        if (dims.Length > MaxRank)
            throw new NotSupportedException($"The ILGPU backend walks at most {MaxRank} dimensions after merging contiguous ones; got {dims.Length}.");
        Span<int> d = stackalloc int[MaxRank];
        Span<int> s = stackalloc int[MaxRank];
        d.Fill(1);
        s.Clear();
        int shift = MaxRank - dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            d[shift + i] = dims[i];
            s[shift + i] = strides[i];
        }
        return new Strided6
        {
            D0 = d[0], D1 = d[1], D2 = d[2], D3 = d[3], D4 = d[4], D5 = d[5],
            S0 = s[0], S1 = s[1], S2 = s[2], S3 = s[3], S4 = s[4], S5 = s[5],
        };
    }

    /// <summary>Number of positions walked (product of the dimensions).</summary>
    public readonly int Count => D0 * D1 * D2 * D3 * D4 * D5;

    /// <summary>The strided offset of the <paramref name="linear"/>-th position.</summary>
    public readonly int Offset(int linear)
    {
        int r = linear, offset = 0;
        offset += r % D5 * S5;
        r /= D5;
        offset += r % D4 * S4;
        r /= D4;
        offset += r % D3 * S3;
        r /= D3;
        offset += r % D2 * S2;
        r /= D2;
        offset += r % D1 * S1;
        r /= D1;
        return offset + r * S0;
    }
}
