namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The split search: a class's rows among themselves first (<see cref="NearestNeighbours.Self(ReadOnlySpan{float}, int, int, int)"/>),
/// then against the other rows only as far as a bound each row already knows (<see cref="NearestNeighbours.NearestBelow"/>).
/// </summary>
/// <remarks>
/// Samplers that read the whole table's nearest rows only through how many of them are of another class (ADASYN's
/// ratio, Borderline-SMOTE's DANGER test) need no list over the whole table. In the whole table's (squared distance,
/// index) order a class row wins every tie with an other row (candidate indices put the class first), so the other rows
/// ahead of a row's j-th same-class neighbour a_j are exactly those strictly nearer than a_j, and a_j is among the m
/// nearest iff at most m − j of them are. The single pass (<see cref="Search"/>) starts each worker's whole-table list
/// at +∞ and tightens it over the class pairs; here every row enters the other rows with its final bound a_j, and the
/// class pairs go through the banded Self search, whose thresholds the workers share.
/// </remarks>
internal sealed partial class ClassSearch
{
    /// <summary>Set by tests (in their own async flow): true uses the split search wherever it can run, false never; null decides by shape.</summary>
    internal static readonly AsyncLocal<bool?> SplitOverride = new();

    /// <summary>
    /// The class rows' <paramref name="sameK"/> nearest same-class rows and, per row, the distances of its
    /// <paramref name="otherK"/> nearest other rows strictly nearer than its <paramref name="boundRank"/>-th same-class
    /// neighbour; null where the single pass is kept: d ≤ 16 (its k-d tree form may win), fewer candidates than the
    /// screen needs (<see cref="NearestNeighbours.ScreenMinCandidates"/>), a class of at most <paramref name="sameK"/>
    /// rows, or rows no screen can take.
    /// </summary>
    public SplitLists? TrySplit(int sameK, int boundRank, int otherK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(boundRank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(boundRank, sameK);
        int n = ClassRows.Length, d = Dimension;
        bool? forced = SplitOverride.Value;
        if (forced == false || n <= sameK || OtherRows.Length == 0)
            return null;
        if (forced == null && (d <= KdTreeSearch.AdaptiveMaxDimension || _data.RowCount < NearestNeighbours.ScreenMinCandidates))
            return null;
        var same = NearestNeighbours.Self(ClassFeatures, n, d, sameK);
        var sameDistances = Distances(ClassFeatures, same, n, d, sameK);
        var bounds = new float[n];
        for (int i = 0; i < n; i++)
            bounds[i] = sameDistances[i * sameK + boundRank - 1];
        var others = new PackedRows(_data.Features.BackingArray, OtherRows, OtherRows.Length, d);
        var below = NearestNeighbours.NearestBelow(ClassFeatures, n, d, others, bounds, otherK);
        return below == null ? null : new SplitLists(same, sameDistances, sameK, boundRank, below, otherK);
    }

    // Each listed pair's exact distance (the searches' recompute, so the same value bit for bit), eight chains at a time.
    private static unsafe float[] Distances(float[] rows, int[] neighbours, int n, int d, int k)
    {
        var result = GC.AllocateUninitializedArray<float>(n * k);
        const int part = 2048;
        fixed (float* x = rows)
        {
            float* x0 = x;
            Parallel.For(0, (n + part - 1) / part, p =>
            {
                var batch = new PairBatch();
                int first = p * part, end = Math.Min(n, first + part);
                int at = first * k;
                for (int i = first; i < end; i++)
                    for (int j = 0; j < k; j++)
                    {
                        batch.Add(i * d, neighbours[i * k + j] * d, i, j, false);
                        if (batch.Count == PairBatch.Due || (i == end - 1 && j == k - 1))
                        {
                            batch.Compute(x0, x0, d, 1);
                            batch.Distances.AsSpan(0, batch.Count).CopyTo(result.AsSpan(at));
                            at += batch.Count;
                            batch.Clear();
                        }
                    }
            });
        }
        return result;
    }
}

/// <summary>
/// <see cref="ClassSearch.TrySplit"/>'s result: per class row, its <see cref="SameK"/> nearest same-class rows
/// (<see cref="Same"/>, class-row indices, as the single pass's same-class list) with their distances, and the
/// distances of its <see cref="OtherK"/> nearest other rows below its <see cref="BoundRank"/>-th same-class distance.
/// </summary>
internal sealed record SplitLists(int[] Same, float[] SameDistances, int SameK, int BoundRank, float[] OtherDistances, int OtherK)
{
    /// <summary>
    /// The other rows ahead of class row <paramref name="row"/>'s <paramref name="j"/>-th same-class neighbour (1-based,
    /// at most <see cref="BoundRank"/>) in the whole table's order, capped at <see cref="OtherK"/>.
    /// </summary>
    public int OthersBefore(int row, int j)
    {
        if (j < 1 || j > BoundRank)
            throw new ArgumentOutOfRangeException(nameof(j), j, $"Only same-class ranks 1..{BoundRank} are bounded.");
        float a = SameDistances[row * SameK + j - 1];
        var others = OtherDistances.AsSpan(row * OtherK, OtherK);
        int count = 0;
        while (count < OtherK && others[count] < a)
            count++;
        return count;
    }

    /// <summary>
    /// How many of class row <paramref name="row"/>'s <paramref name="m"/> nearest rows of the whole table are of the
    /// class: a_j is among them iff at most m − j other rows are ahead of it (and then so is every a_i, i &lt; j). Needs
    /// m ≤ <see cref="BoundRank"/> and m ≤ <see cref="OtherK"/> (the counts are capped at <see cref="OtherK"/>).
    /// </summary>
    public int SameAmongNearest(int row, int m)
    {
        if (m > BoundRank || m > OtherK)
            throw new ArgumentOutOfRangeException(nameof(m), m, $"Needs m ≤ {BoundRank} and m ≤ {OtherK}.");
        int s = 0;
        while (s < m && OthersBefore(row, s + 1) <= m - (s + 1))
            s++;
        return s;
    }
}
