using System.Runtime.CompilerServices;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>
/// The k nearest candidates of each of a set of rows, kept sorted by (squared distance, index): a total order, so
/// the final lists do not depend on the order in which candidates arrive (thread scheduling, tiling, symmetry).
/// </summary>
internal sealed class NeighbourList
{
    private readonly float[] _distances;
    private readonly int[] _indices;

    public NeighbourList(int rows, int k)
    {
        Rows = rows;
        K = k;
        _distances = new float[checked(rows * k)];
        _indices = new int[rows * k];
        _distances.AsSpan().Fill(float.PositiveInfinity);
        _indices.AsSpan().Fill(int.MaxValue);
        Worst = new float[rows];
        Worst.AsSpan().Fill(float.PositiveInfinity);
    }

    public int Rows { get; }

    public int K { get; }

    /// <summary>The largest kept distance per row (+∞ while the list is not full): the admission threshold.</summary>
    public float[] Worst { get; }

    public ReadOnlySpan<int> Indices => _indices;

    public ReadOnlySpan<float> Distances => _distances;

    /// <summary>Offers candidate <paramref name="index"/> at squared distance <paramref name="distance"/> to row <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Offer(int row, float distance, int index)
    {
        int k = K, b = row * k, i = k - 1;
        float wd = _distances[b + i];
        if (distance > wd || (distance == wd && index >= _indices[b + i]))
            return;
        while (i > 0)
        {
            float pd = _distances[b + i - 1];
            if (pd < distance || (pd == distance && _indices[b + i - 1] < index))
                break;
            _distances[b + i] = pd;
            _indices[b + i] = _indices[b + i - 1];
            i--;
        }
        _distances[b + i] = distance;
        _indices[b + i] = index;
        Worst[row] = _distances[b + k - 1];
    }

    /// <summary>Offers every entry of <paramref name="other"/> (same shape) to this list.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MergeFrom(NeighbourList other)
    {
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < K; j++)
            {
                int idx = other._indices[r * K + j];
                if (idx == int.MaxValue)
                    break;
                Offer(r, other._distances[r * K + j], idx);
            }
    }

    /// <summary>The first <paramref name="rows"/> rows' neighbour indices, row-major (rows × k).</summary>
    public int[] IndicesOf(int rows) => _indices.AsSpan(0, rows * K).ToArray();
}
