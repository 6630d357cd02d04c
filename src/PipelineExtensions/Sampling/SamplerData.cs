using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    public int[] RowsOf(int c)
    {
        // Few classes: scan the labels for the class asked for (a vector compare per 8 labels, so over-sampling
        // one small class reads the labels once and writes only its rows). Many classes: one scatter pass for all.
        const int scanClasses = 8;
        if (_rowsByClass is null && Counts.Length > scanClasses)
            _rowsByClass = AllClassRows(Labels.Keys, Counts);
        _rowsByClass ??= new int[Counts.Length][];
        return _rowsByClass[c] ??= ClassRows(Labels.Keys, c, Counts[c]);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int[][] AllClassRows(ReadOnlySpan<int> keys, int[] counts)
    {
        var rows = new int[counts.Length][];
        var fill = new int[counts.Length];
        for (int k = 0; k < rows.Length; k++)
            rows[k] = GC.AllocateUninitializedArray<int>(counts[k]);
        for (int i = 0; i < keys.Length; i++)
            rows[keys[i]][fill[keys[i]]++] = i;
        return rows;
    }

    /// <summary>The rows whose key is <paramref name="c"/>, ascending (<paramref name="count"/> of them).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static int[] ClassRows(ReadOnlySpan<int> keys, int c, int count)
    {
        var rows = GC.AllocateUninitializedArray<int>(count);
        int n = 0, i = 0;
        if (Avx2.IsSupported)
        {
            // Compress: the matching lanes of 8 row numbers, moved to the front by a permutation looked up from
            // the compare mask, are stored 8 at a time; the count advances by the number of matches.
            ref int start = ref MemoryMarshal.GetReference(keys);
            ref int perm = ref MemoryMarshal.GetArrayDataReference(CompressPermutations);
            ref int output = ref MemoryMarshal.GetArrayDataReference(rows);
            var target = Vector256.Create(c);
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            for (; i <= keys.Length - 8 && n <= count - 8; i += 8)
            {
                uint mask = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), target).ExtractMostSignificantBits();
                var picked = Avx2.PermuteVar8x32(lanes + Vector256.Create(i), Vector256.LoadUnsafe(ref perm, mask * 8));
                picked.StoreUnsafe(ref output, (nuint)n);
                n += System.Numerics.BitOperations.PopCount(mask);
            }
            // The last (fewer than 8) rows of the class, one matching lane at a time.
            for (; i <= keys.Length - 8 && n < count; i += 8)
            {
                uint mask = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), target).ExtractMostSignificantBits();
                for (; mask != 0; mask &= mask - 1)
                    rows[n++] = i + System.Numerics.BitOperations.TrailingZeroCount(mask);
            }
        }
        for (; i < keys.Length && n < count; i++)
            if (keys[i] == c)
                rows[n++] = i;
        return rows;
    }

    /// <summary>For each 8-bit mask, the lanes whose bit is set, in order, then zeros (8 ints per mask).</summary>
    private static readonly int[] CompressPermutations = MakeCompressPermutations();

    private static int[] MakeCompressPermutations()
    {
        var table = new int[256 * 8];
        for (int mask = 0; mask < 256; mask++)
        {
            int n = 0;
            for (int lane = 0; lane < 8; lane++)
                if ((mask & (1 << lane)) != 0)
                    table[mask * 8 + n++] = lane;
        }
        return table;
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
        // The class counts leave out missing labels: when they add up to the rows, no label is missing.
        long counted = 0;
        foreach (int n in Counts)
            counted += n;
        if (counted == RowCount)
            return;
        var keys = Labels.Keys;
        int i = keys.IndexOf(KeyColumn.Missing);
        if (i >= 0)
            throw new ArgumentException($"{step}: label column '{Labels.Name}' is missing (−1) at row {i}; drop or fill unlabeled rows before resampling.");
    }

    /// <summary>Whether <see cref="CheckFinite"/> has passed.</summary>
    public bool FiniteChecked { get; private set; }

    /// <summary>Throws when a feature is NaN or infinite, naming the row, the column and the element.</summary>
    public void CheckFinite(string step)
    {
        int i = FirstNonFiniteParallel(Features.BackingArray);
        if (i >= 0)
            ThrowNonFinite(step, i);
        FiniteChecked = true;
    }

    /// <summary>Throws the error for the non-finite feature at flat index <paramref name="i"/>.</summary>
    public void ThrowNonFinite(string step, int i)
    {
        var data = Features.Data;
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
