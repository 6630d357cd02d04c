using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>The query side of <see cref="KdTree"/>: one row's descent, nearest child first, with exact pruning.</summary>
internal sealed partial class KdTree
{
    /// <summary>Entries of the traversal stack a search needs: one per level plus the root.</summary>
    public int StackSize => Depth + 2;

    /// <summary>
    /// Offers to row <paramref name="row"/> of <paramref name="list"/> every row of the tree whose distance to
    /// <paramref name="q"/> may place it in that list, except candidate <paramref name="exclude"/>. Children are
    /// visited nearest first (by box bound) so the list tightens early; a subtree is skipped when its bound is
    /// strictly above the row's current k-th distance. Allocation-free: the caller lends the stack
    /// (<see cref="StackSize"/> entries each) and an 8-float buffer.
    /// </summary>
    /// <returns>The leaf rows scanned (8-lane blocks × 8, padding lanes included): the search's work, for the adaptive gate.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe int Search(float* q, NeighbourList list, float* worst, int row, int exclude, int* nodes, float* bounds, float* buf)
    {
        int d = _d;
        fixed (float* lo = _lo, hi = _hi, packed = _packed)
        fixed (int* lanes = _laneIndex, leafBlock = _leafBlock)
        {
            int top = 0, scanned = 0;
            nodes[top] = 0;
            bounds[top++] = 0;
            while (top > 0)
            {
                top--;
                if (bounds[top] > worst[row])
                    continue;
                int node = nodes[top];
                while (node < _firstLeaf)
                {
                    int left = 2 * node + 1;
                    float bl = Bound(q, lo + (nint)left * d, hi + (nint)left * d, d);
                    float br = Bound(q, lo + (nint)(left + 1) * d, hi + (nint)(left + 1) * d, d);
                    float w = worst[row];
                    int near = left, far = left + 1;
                    if (br < bl)
                    {
                        (near, far) = (far, near);
                        (bl, br) = (br, bl);
                    }
                    // bl is now the near bound, br the far one.
                    if (br <= w)
                    {
                        nodes[top] = far;
                        bounds[top++] = br;
                    }
                    node = bl <= w ? near : -1;
                    if (node < 0)
                        break;
                }
                if (node >= 0)
                {
                    int b0 = leafBlock[node - _firstLeaf], b1 = leafBlock[node - _firstLeaf + 1];
                    ScanLeaf(q, d, packed, lanes, b0, b1, list, worst, row, exclude, buf);
                    scanned += (b1 - b0) * Lanes;
                }
            }
            return scanned;
        }
    }

    /// <summary>
    /// The leaf's distances, two 8-lane blocks side by side (two independent FMA chains), in the brute-force kernels'
    /// exact steps; lanes ≤ the row's k-th distance are offered (the list itself orders ties by index).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ScanLeaf(float* q, int d, float* packed, int* lanes, int b0, int b1, NeighbourList list, float* worst, int row, int exclude, float* buf)
    {
        nint stride = (nint)d * Lanes;
        int b = b0;
        for (; b + 1 < b1; b += 2)
        {
            float* c = packed + b * stride;
            var a0 = Vector256<float>.Zero;
            var a1 = Vector256<float>.Zero;
            for (int f = 0; f < d; f++)
            {
                var x = Vector256.Create(q[f]);
                a0 = Square(x - Vector256.Load(c + f * Lanes), a0);
                a1 = Square(x - Vector256.Load(c + stride + f * Lanes), a1);
            }
            Offer(a0, lanes + b * Lanes, list, worst, row, exclude, buf);
            Offer(a1, lanes + (b + 1) * Lanes, list, worst, row, exclude, buf);
        }
        if (b < b1)
        {
            float* c = packed + b * stride;
            var a0 = Vector256<float>.Zero;
            for (int f = 0; f < d; f++)
                a0 = Square(Vector256.Create(q[f]) - Vector256.Load(c + f * Lanes), a0);
            Offer(a0, lanes + b * Lanes, list, worst, row, exclude, buf);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Offer(Vector256<float> distances, int* lanes, NeighbourList list, float* worst, int row, int exclude, float* buf)
    {
        // NaN padding lanes compare false.
        uint m = Vector256.LessThanOrEqual(distances, Vector256.Create(worst[row])).ExtractMostSignificantBits();
        if (m == 0)
            return;
        distances.Store(buf);
        while (m != 0)
        {
            int lane = System.Numerics.BitOperations.TrailingZeroCount(m);
            m &= m - 1;
            int index = lanes[lane];
            if (index != exclude)
                list.Offer(row, buf[lane], index);
        }
    }

    /// <summary>
    /// A lower bound of the computed distance from <paramref name="q"/> to any row in the box [lo, hi]: per feature
    /// the gap g_f = max(lo_f − q_f, q_f − hi_f, 0), accumulated with the distance's own rounded steps in the same
    /// feature order. fl(c_f − q_f) ≥ fl(lo_f − q_f) when c_f ≥ lo_f (rounding is monotone), so g_f ≤ |t_f| for every
    /// row of the box; and a fused (or unfused) g² + b is monotone in g and b, so by induction over f the bound is
    /// ≤ the computed distance, float for float. (The incremental "rd" update would reorder the sum and lose this.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Bound(float* q, float* lo, float* hi, int d)
    {
        float b = 0;
        for (int f = 0; f < d; f++)
        {
            float below = lo[f] - q[f], above = q[f] - hi[f];
            float g = below > above ? below : above;
            b = Square(g > 0 ? g : 0, b);
        }
        return b;
    }

    // The kernels' step: fused where DistanceTile / PairBatch fuse.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Square(float t, float acc) => Fma.IsSupported ? MathF.FusedMultiplyAdd(t, t, acc) : acc + t * t;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Square(Vector256<float> t, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(t, t, acc) : acc + t * t;
}
