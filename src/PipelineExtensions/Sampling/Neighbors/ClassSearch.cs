namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// One distance pass from the rows of a class to the whole table, split into the class's own rows (segment 0)
/// and the other rows (segment 1), so a sampler gets "k nearest overall", "k nearest of the same class" and
/// "k nearest of other classes" lists without searching twice. Candidate index g names class row
/// <c>ClassRows[g]</c> when g &lt; ClassRows.Length, else other row <c>OtherRows[g − ClassRows.Length]</c>.
/// </summary>
internal sealed partial class ClassSearch
{
    /// <summary>Segment mask: every row of the table.</summary>
    public const int All = 0b11;

    /// <summary>Segment mask: rows of the same class.</summary>
    public const int Same = 0b01;

    /// <summary>Segment mask: rows of other classes.</summary>
    public const int Other = 0b10;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public ClassSearch(SamplerData data, int c)
    {
        ClassRows = data.RowsOf(c);
        var other = new int[data.RowCount - ClassRows.Length];
        var keys = data.Labels.Keys;
        for (int i = 0, j = 0; i < keys.Length; i++)
            if (keys[i] != c)
                other[j++] = i;
        OtherRows = other;
        ClassFeatures = data.GatherFeatures(ClassRows);
        _data = data;
        Dimension = data.Dimension;
    }

    private readonly SamplerData _data;
    private float[]? _otherFeatures;

    public int[] ClassRows { get; }

    public int[] OtherRows { get; }

    /// <summary>The class rows' features, row-major.</summary>
    public float[] ClassFeatures { get; }

    /// <summary>The other rows' features, row-major (gathered on first use: only Borderline-SMOTE-2 needs them; the search reads them in the table).</summary>
    public float[] OtherFeatures => _otherFeatures ??= _data.GatherFeatures(OtherRows);

    public int Dimension { get; }

    /// <summary>Whether candidate <paramref name="g"/> is of another class.</summary>
    public bool IsOther(int g) => g >= ClassRows.Length;

    /// <summary>The input-table row of candidate <paramref name="g"/>.</summary>
    public int TableRow(int g) => g < ClassRows.Length ? ClassRows[g] : OtherRows[g - ClassRows.Length];

    /// <summary>For every class row (never its own neighbour), the lists asked for, row-major (class rows × k).</summary>
    public int[][] Search(params NeighbourSpec[] specs)
    {
        // Packed copies only where a search needs them (PackedRows): the screened search reads the rows in place.
        var segments = new[]
        {
            new PackedRows(ClassFeatures, null, ClassRows.Length, Dimension),
            new PackedRows(_data.Features.BackingArray, OtherRows, OtherRows.Length, Dimension),
        };
        // Segment 0 is the class rows themselves: the symmetric search computes each class pair once.
        return NearestNeighbours.Cross(ClassFeatures, ClassRows.Length, Dimension, [], segments, specs, queriesAreSegment0: true);
    }
}
