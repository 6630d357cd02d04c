using PipelineExtensions.Neural.Devices.Ilgpu.Kernels;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>
/// Host-side preparation of NumPy broadcasting for the kernels: per-operand strides (0 where a dimension
/// repeats), dimensions of size 1 dropped and adjacent dimensions merged where every operand is contiguous
/// across them, so the kernels walk as few dimensions as possible (a bias over a matrix becomes two).
/// </summary>
internal static class BroadcastLayout
{
    /// <summary>The walk over <paramref name="outShape"/> for operands a and b (right-aligned NumPy broadcasting).</summary>
    public static (Strided6 A, Strided6 B) Binary(TensorShape outShape, TensorShape aShape, TensorShape bShape)
    {
        var (dims, strides) = Coalesce(outShape, [aShape, bShape]);
        return (Strided6.Create(dims, strides[0]), Strided6.Create(dims, strides[1]));
    }

    /// <summary>
    /// The adjoint walk: y (shape <paramref name="yShape"/>, broadcast against x) gets the sum of x over the
    /// dimensions it broadcasts. Returns the kept dimensions (in y's order, with x's strides) and the summed ones.
    /// </summary>
    public static (Strided6 Kept, Strided6 Reduced) SumTo(TensorShape xShape, TensorShape yShape)
    {
        var (dims, strides) = Coalesce(xShape, [xShape, yShape]);
        var keptDims = new List<int>();
        var keptStrides = new List<int>();
        var reducedDims = new List<int>();
        var reducedStrides = new List<int>();
        for (int i = 0; i < dims.Length; i++)
        {
            bool kept = strides[1][i] != 0;
            (kept ? keptDims : reducedDims).Add(dims[i]);
            (kept ? keptStrides : reducedStrides).Add(strides[0][i]);
        }
        return (Strided6.Create(keptDims.ToArray(), keptStrides.ToArray()), Strided6.Create(reducedDims.ToArray(), reducedStrides.ToArray()));
    }

    private static (int[] Dims, int[][] Strides) Coalesce(TensorShape outShape, TensorShape[] operands)
    {
        int rank = Math.Max(outShape.Rank, 1);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
            dims[i] = outShape.Rank == 0 ? 1 : outShape[i];
        var full = operands.Select(o => Strides(o, dims)).ToArray();
        var d = new List<int>();
        var s = operands.Select(_ => new List<int>()).ToArray();
        for (int i = rank - 1; i >= 0; i--)
        {
            if (dims[i] == 1)
                continue;
            int last = d.Count - 1;
            if (last >= 0 && Enumerable.Range(0, operands.Length).All(o => full[o][i] == s[o][last] * d[last]))
            {
                d[last] *= dims[i];
                continue;
            }
            d.Add(dims[i]);
            for (int o = 0; o < operands.Length; o++)
                s[o].Add(full[o][i]);
        }
        if (d.Count == 0)
        {
            d.Add(1);
            foreach (var list in s)
                list.Add(0);
        }
        d.Reverse();
        foreach (var list in s)
            list.Reverse();
        if (d.Count > Strided6.MaxRank)
            throw new NotSupportedException(
                $"The ILGPU backend broadcasts over at most {Strided6.MaxRank} merged dimensions; shapes {string.Join(" and ", operands.Select(o => o.ToString()))} against {outShape} need {d.Count}.");
        return (d.ToArray(), s.Select(list => list.ToArray()).ToArray());
    }

    private static int[] Strides(TensorShape shape, int[] outDims)
    {
        int rank = outDims.Length, offset = rank - shape.Rank, stride = 1;
        var strides = new int[rank];
        for (int i = rank - 1; i >= 0; i--)
        {
            int dim = i - offset >= 0 ? shape[i - offset] : 1;
            strides[i] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        return strides;
    }
}
