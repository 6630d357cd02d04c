using System.Numerics.Tensors;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// NumPy-style broadcasting for binary operations and its adjoint (summing over broadcast dimensions).
/// Dimensions are first coalesced (adjacent dimensions that are contiguous for every operand merge), so the
/// common cases — a row vector added to a matrix, a per-channel value over NCHW — become one inner SIMD loop.
/// </summary>
internal static class BroadcastKernels
{
    /// <summary>Output dimensions with each operand's strides in elements (0 where it broadcasts), coalesced.</summary>
    private static (int[] Dims, int[] StrideA, int[] StrideB) Layout(TensorShape outShape, TensorShape aShape, TensorShape bShape)
    {
        int rank = Math.Max(outShape.Rank, 1);
        var dims = new int[rank];
        var sa = new int[rank];
        var sb = new int[rank];
        for (int i = 0; i < rank; i++)
            dims[i] = outShape.Rank == 0 ? 1 : outShape[i];
        Strides(aShape, dims, sa);
        Strides(bShape, dims, sb);
        // Coalesce from the innermost dimension outwards.
        var d = new List<int> { dims[rank - 1] };
        var la = new List<int> { sa[rank - 1] };
        var lb = new List<int> { sb[rank - 1] };
        for (int i = rank - 2; i >= 0; i--)
        {
            int last = d.Count - 1;
            if (sa[i] == la[last] * d[last] && sb[i] == lb[last] * d[last])
            {
                d[last] *= dims[i];
            }
            else if (dims[i] == 1)
            {
                continue;
            }
            else
            {
                d.Add(dims[i]);
                la.Add(sa[i]);
                lb.Add(sb[i]);
            }
        }
        d.Reverse();
        la.Reverse();
        lb.Reverse();
        return (d.ToArray(), la.ToArray(), lb.ToArray());
    }

    private static void Strides(TensorShape shape, int[] outDims, int[] strides)
    {
        int rank = outDims.Length, offset = rank - shape.Rank, stride = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int dim = i - offset >= 0 ? shape[i - offset] : 1;
            strides[i] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
    }

    /// <summary>c ← a ∘ b with broadcasting; c may alias a or b when it has the same shape.</summary>
    public static void Binary(BinaryOp op, float[] a, TensorShape aShape, float[] b, TensorShape bShape, float[] c, TensorShape cShape, int threads)
    {
        int size = cShape.Size;
        if (aShape == cShape && bShape == cShape)
        {
            CpuParallel.ForRange(threads, size, 1 << 16, (s, e) => ElementwiseKernels.Binary(op, a.AsSpan(s, e - s), b.AsSpan(s, e - s), c.AsSpan(s, e - s)));
            return;
        }
        var (dims, sa, sb) = Layout(cShape, aShape, bShape);
        int inner = dims[^1], ia = sa[^1], ib = sb[^1];
        int rows = size / inner;
        int grain = Math.Max(1, (1 << 16) / inner);
        CpuParallel.ForRange(threads, rows, grain, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                Offsets(r, dims, sa, sb, out int oa, out int ob);
                var dst = c.AsSpan(r * inner, inner);
                if (ia == 1 && ib == 1)
                    ElementwiseKernels.Binary(op, a.AsSpan(oa, inner), b.AsSpan(ob, inner), dst);
                else if (ia == 1)
                    ElementwiseKernels.Binary(op, a.AsSpan(oa, inner), b[ob], dst);
                else if (ib == 1)
                    ElementwiseKernels.Binary(op, a[oa], b.AsSpan(ob, inner), dst);
                else
                    dst.Fill(ElementwiseKernels.Binary(op, a[oa], b[ob]));
            }
        });
    }

    // Offsets of row r (all dimensions but the innermost) in a and b.
    private static void Offsets(int r, int[] dims, int[] sa, int[] sb, out int oa, out int ob)
    {
        oa = 0;
        ob = 0;
        for (int d = dims.Length - 2; d >= 0; d--)
        {
            int i = r % dims[d];
            r /= dims[d];
            oa += i * sa[d];
            ob += i * sb[d];
        }
    }

    /// <summary>
    /// y (=|+=) Σ of x over the dimensions y broadcasts. Summation runs sequentially in index order, so the
    /// result is deterministic.
    /// </summary>
    public static void SumToShape(float[] x, TensorShape xShape, float[] y, TensorShape yShape, bool accumulate)
    {
        int ySize = yShape.Size;
        if (!accumulate)
            Array.Clear(y, 0, ySize);
        if (xShape.Size == ySize)
        {
            TensorPrimitives.Add(y.AsSpan(0, ySize), x.AsSpan(0, ySize), y.AsSpan(0, ySize));
            return;
        }
        // Reuse the binary layout with x as the full operand and y as the broadcast one.
        var (dims, _, sy) = Layout(xShape, xShape, yShape);
        int inner = dims[^1], iy = sy[^1];
        int rows = xShape.Size / inner;
        var zero = new int[dims.Length];
        for (int r = 0; r < rows; r++)
        {
            Offsets(r, dims, zero, sy, out _, out int oy);
            var src = x.AsSpan(r * inner, inner);
            if (iy == 1)
                TensorPrimitives.Add(y.AsSpan(oy, inner), src, y.AsSpan(oy, inner));
            else
                y[oy] += TensorPrimitives.Sum(src);
        }
    }
}
