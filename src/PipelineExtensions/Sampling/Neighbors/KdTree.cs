using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// A balanced KD-tree over a set of rows for exact k-nearest-neighbour search at low dimension, where brute force
/// wastes most of its distances on far rows. Each node splits its rows at the median of the dimension of widest
/// spread; all leaves lie at one depth (implicit layout: node i's children are 2i + 1 and 2i + 2) and hold at most
/// <see cref="LeafSizeFor"/> rows, packed feature-major in blocks of 8 like <see cref="PackedRows"/> so a leaf's
/// distances come from the same SIMD steps as the brute-force kernels.
/// </summary>
/// <remarks>
/// Exactness: a leaf's distances are Σ fma(t, t, acc) with t = q_f − c_f over f = 0..d−1 — the brute-force kernels'
/// float, bit for bit. A node is skipped only when its box bound is strictly greater than the row's current k-th
/// distance (equal distances may still enter on the index tie-break), and the bound is computed with the same
/// rounded steps from per-dimension gaps that are ≤ |t_f| for every row of the box (rounding is monotone), so it
/// never exceeds any computed distance inside the box: no row that the brute force would keep is ever pruned.
/// Rows must be finite (see <see cref="KdTreeSearch.AllFinite"/>).
/// </remarks>
internal sealed partial class KdTree
{
    /// <summary>
    /// Most rows per leaf at dimension <paramref name="d"/>. A node costs two d-step box bounds per visit, a leaf row
    /// one SIMD lane of a d-step chain, and the higher d the more leaves a query reaches: larger leaves amortise the
    /// nodes there. Measured (Gaussian rows, k = 5, two threads, 01:48–01:51 UTC, tree ms at 32 / 64 / 128 rows):
    /// 20,000 rows d 2 12 / 21 / 25, d 4 44 / 57 / 48, d 6 160 / 205 / 174, d 8 465 / 624 / 383; 100,000 rows d 2
    /// 79 / 115 / 163, d 4 223 / 358 / 317, d 6 958 / 1541 / 1048, d 8 3311 / 4924 / 2046 (load 15–20: compare
    /// within a row's brute-force column, which moved with the load: leaf 32's run was the quietest).
    /// </summary>
    public static int LeafSizeFor(int d) => d <= 4 ? 32 : 128;

    private const int Lanes = PackedRows.Lanes;

    private readonly int _d;
    private readonly int _firstLeaf;

    // Per node, the tight bounding box of its rows: _lo[node·d + f], _hi[node·d + f].
    private readonly float[] _lo;
    private readonly float[] _hi;

    // Tree position → original row (plus the index offset); leaves cover contiguous position ranges.
    private readonly int[] _order;
    private readonly int[] _leafStart;

    // Leaf j's rows packed in blocks [_leafBlock[j], _leafBlock[j + 1]); per lane, its candidate index (−1 for the
    // NaN padding lanes, which never pass a ≤ comparison).
    private readonly int[] _leafBlock;
    private readonly float[] _packed;
    private readonly int[] _laneIndex;

    /// <summary>Builds the tree over <paramref name="n"/> finite rows (row-major, <paramref name="d"/> features); candidate indices are <paramref name="offset"/> + row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public KdTree(ReadOnlySpan<float> rows, int n, int d, int offset = 0) : this(rows, n, d, offset, LeafSizeFor(d))
    {
    }

    /// <summary><see cref="KdTree(ReadOnlySpan{float}, int, int, int)"/> with at most <paramref name="leafSize"/> rows per leaf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public KdTree(ReadOnlySpan<float> rows, int n, int d, int offset, int leafSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leafSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d);
        _d = d;
        Count = n;
        int depth = 0;
        while ((n + (1 << depth) - 1) >> depth > leafSize)
            depth++;
        Depth = depth;
        int leaves = 1 << depth;
        _firstLeaf = leaves - 1;
        int nodes = 2 * leaves - 1;
        _lo = new float[nodes * d];
        _hi = new float[nodes * d];
        _leafStart = new int[leaves + 1];
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        var x = rows[..(n * d)].ToArray();
        Build(x, order, 0, 0, n, 0);
        _leafStart[leaves] = n;
        _leafBlock = new int[leaves + 1];
        for (int j = 0; j < leaves; j++)
            _leafBlock[j + 1] = _leafBlock[j] + (_leafStart[j + 1] - _leafStart[j] + Lanes - 1) / Lanes;
        int blocks = _leafBlock[leaves];
        _packed = GC.AllocateUninitializedArray<float>(blocks * d * Lanes);
        _packed.AsSpan().Fill(float.NaN);
        _laneIndex = new int[blocks * Lanes];
        _laneIndex.AsSpan().Fill(-1);
        Ordered = new float[n * d];
        for (int j = 0; j < leaves; j++)
        {
            for (int p = _leafStart[j]; p < _leafStart[j + 1]; p++)
            {
                int lane = _leafBlock[j] * Lanes + (p - _leafStart[j]);
                int b = lane / Lanes, l = lane % Lanes, row = order[p];
                for (int f = 0; f < d; f++)
                    _packed[(b * d + f) * Lanes + l] = x[row * d + f];
                _laneIndex[lane] = offset + row;
                x.AsSpan(row * d, d).CopyTo(Ordered.AsSpan(p * d, d));
            }
        }
        for (int p = 0; p < n; p++)
            order[p] += offset;
        _order = order;
    }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Depth of the leaves (the root is depth 0).</summary>
    public int Depth { get; }

    /// <summary>The rows in tree order, row-major: position p is candidate <see cref="IndexAt"/>(p).</summary>
    public float[] Ordered { get; }

    /// <summary>The candidate index of tree position <paramref name="p"/>.</summary>
    public int IndexAt(int p) => _order[p];

    /// <summary>Number of leaves.</summary>
    public int Leaves => _firstLeaf + 1;

    /// <summary>Features per row.</summary>
    public int Dimension => _d;

    /// <summary>First tree position of leaf <paramref name="j"/> (<see cref="Leaves"/> gives <see cref="Count"/>).</summary>
    public int LeafStart(int j) => _leafStart[j];

    // Rows [s, e) of order form node `node` at `level`: record its box, split at the median of its widest dimension.
    // The two halves of large nodes build in parallel (disjoint ranges of order, disjoint nodes).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Build(float[] x, int[] order, int node, int s, int e, int level)
    {
        int d = _d;
        var lo = _lo.AsSpan(node * d, d);
        var hi = _hi.AsSpan(node * d, d);
        x.AsSpan(order[s] * d, d).CopyTo(lo);
        x.AsSpan(order[s] * d, d).CopyTo(hi);
        for (int p = s + 1; p < e; p++)
        {
            int r = order[p] * d;
            for (int f = 0; f < d; f++)
            {
                float v = x[r + f];
                if (v < lo[f]) lo[f] = v;
                if (v > hi[f]) hi[f] = v;
            }
        }
        if (level == Depth)
        {
            _leafStart[node - _firstLeaf] = s;
            return;
        }
        int split = 0;
        for (int f = 1; f < d; f++)
            if (hi[f] - lo[f] > hi[split] - lo[split])
                split = f;
        int mid = s + (e - s) / 2;
        Select(x, d, split, order, s, e, mid);
        if (e - s >= 16_384)
            Parallel.Invoke(
                () => Build(x, order, 2 * node + 1, s, mid, level + 1),
                () => Build(x, order, 2 * node + 2, mid, e, level + 1));
        else
        {
            Build(x, order, 2 * node + 1, s, mid, level + 1);
            Build(x, order, 2 * node + 2, mid, e, level + 1);
        }
    }

    /// <summary>
    /// Reorders order[s, e) so that position <paramref name="m"/> holds the row of its rank by feature
    /// <paramref name="f"/>, smaller-or-equal rows before it and greater-or-equal after: a quickselect with a
    /// three-way partition (duplicate values, common in tabular data, do not make it quadratic) and a
    /// median-of-three pivot. Deterministic, so the tree and its results do not vary between runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Select(float[] x, int d, int f, int[] order, int s, int e, int m)
    {
        while (e - s > 1)
        {
            float a = x[order[s] * d + f], b = x[order[s + (e - s) / 2] * d + f], c = x[order[e - 1] * d + f];
            float pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
            // order[s, lt) < pivot, [lt, i) == pivot, (gt, e) > pivot.
            int lt = s, i = s, gt = e - 1;
            while (i <= gt)
            {
                float v = x[order[i] * d + f];
                if (v < pivot)
                {
                    (order[lt], order[i]) = (order[i], order[lt]);
                    lt++;
                    i++;
                }
                else if (v > pivot)
                {
                    (order[i], order[gt]) = (order[gt], order[i]);
                    gt--;
                }
                else
                    i++;
            }
            if (m < lt)
                e = lt;
            else if (m > gt)
                s = gt + 1;
            else
                return;
        }
    }
}
