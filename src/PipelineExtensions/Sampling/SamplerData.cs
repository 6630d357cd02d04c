using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using PipelineExtensions.Data;

namespace PipelineExtensions.Sampling;

/// <summary>The validated input of a sampler: features, labels and per-class row lists, computed once.</summary>
internal sealed class SamplerData
{
    private int[][]? _rowsByClass;

    public SamplerData(DataTable table, VectorColumn features, KeyColumn labels)
    {
        Table = table;
        Features = features;
        Labels = labels;
        RowCount = table.RowCount;
        Dimension = features.Size;
        Counts = labels.CountPerClass();
    }

    public DataTable Table { get; }

    public VectorColumn Features { get; }

    public KeyColumn Labels { get; }

    public KeyType KeyType => Labels.KeyType;

    public int RowCount { get; }

    /// <summary>Elements per feature vector.</summary>
    public int Dimension { get; }

    /// <summary>Rows per class index.</summary>
    public int[] Counts { get; }

    public string ClassName(int c) => KeyType.ClassNames[c];

    /// <summary>The input rows of class <paramref name="c"/>, ascending.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int[] RowsOf(int c)
    {
        if (_rowsByClass is null)
        {
            var rows = new int[Counts.Length][];
            var fill = new int[Counts.Length];
            for (int k = 0; k < rows.Length; k++)
                rows[k] = new int[Counts[k]];
            var keys = Labels.Keys;
            for (int i = 0; i < keys.Length; i++)
                rows[keys[i]][fill[keys[i]]++] = i;
            _rowsByClass = rows;
        }
        return _rowsByClass[c];
    }

    /// <summary>The feature rows <paramref name="rows"/> copied into a new row-major array.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public float[] GatherFeatures(ReadOnlySpan<int> rows)
    {
        int d = Dimension;
        var result = GC.AllocateUninitializedArray<float>(rows.Length * d);
        var src = Features.Data;
        for (int i = 0; i < rows.Length; i++)
            src.Slice(rows[i] * d, d).CopyTo(result.AsSpan(i * d, d));
        return result;
    }

    /// <summary>Throws when a label is missing, naming the row.</summary>
    public void CheckLabelsPresent(string step)
    {
        var keys = Labels.Keys;
        int i = keys.IndexOf(KeyColumn.Missing);
        if (i >= 0)
            throw new ArgumentException($"{step}: label column '{Labels.Name}' is missing (−1) at row {i}; drop or fill unlabeled rows before resampling.");
    }

    /// <summary>Throws when a feature is NaN or infinite, naming the row, the column and the element.</summary>
    public void CheckFinite(string step)
    {
        var data = Features.Data;
        int i = FirstNonFiniteParallel(Features.BackingArray);
        if (i < 0)
            return;
        int row = i / Dimension, element = i % Dimension;
        throw new ArgumentException(
            $"{step}: column '{Features.Name}' has {(float.IsNaN(data[i]) ? "NaN" : data[i].ToString(System.Globalization.CultureInfo.InvariantCulture))} at row {row}, element {element}; impute or drop non-finite features before resampling.");
    }

    /// <summary><see cref="FirstNonFinite"/> over halves of a large array on two cores (the lowest index still wins).</summary>
    internal static int FirstNonFiniteParallel(float[] data)
    {
        const int parallelThreshold = 1 << 20;
        if (data.Length < parallelThreshold || Environment.ProcessorCount == 1)
            return FirstNonFinite(data);
        int half = data.Length / 2 / 8 * 8;
        int first = -1, second = -1;
        Parallel.Invoke(
            () => first = FirstNonFinite(data.AsSpan(0, half)),
            () => second = FirstNonFinite(data.AsSpan(half)));
        return first >= 0 ? first : second >= 0 ? half + second : -1;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static int FirstNonFinite(ReadOnlySpan<float> data)
    {
        // x − x is 0 for finite x and NaN for NaN and ±∞: one subtract and compare per 8 values.
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float start = ref MemoryMarshal.GetReference(data);
            for (; i <= data.Length - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                if (!Vector256.EqualsAll(v - v, Vector256<float>.Zero))
                    break;
            }
        }
        for (; i < data.Length; i++)
            if (!float.IsFinite(data[i]))
                return i;
        return -1;
    }
}
