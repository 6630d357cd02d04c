using PipelineExtensions.Data;
using PipelineExtensions.Sampling;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>Row tables for the KD-tree tests, built to exercise ties, duplicates and degenerate boxes.</summary>
internal static class KdTreeTestData
{
    // Kinds of data: 0 continuous, 1 coarse grid (many exact distance ties), 2 rows drawn from a few distinct rows
    // (duplicates: zero distances, ties across leaves), 3 grid with feature 0 constant, 4 every row identical.
    internal static float[] Table(int kind, int n, int d, long seed)
    {
        var rng = new PipelineExtensions.Randomness.SeededRandom(seed);
        var x = new float[n * d];
        var pool = new float[5 * d];
        for (int i = 0; i < pool.Length; i++)
            pool[i] = (rng.NextInt(7) - 3);
        for (int i = 0; i < n; i++)
            for (int f = 0; f < d; f++)
                x[i * d + f] = kind switch
                {
                    0 => (float)rng.NextGaussian() * 3,
                    1 => rng.NextInt(5) - 2,
                    2 => pool[rng.NextInt(5) * d + f],
                    3 => f == 0 ? 1.5f : (rng.NextInt(5) - 2) * 0.5f,
                    _ => 0.25f,
                };
        return x;
    }

    /// <summary>
    /// n rows at about 1:4 (label 1 the minority, shifted by 0.5 in every feature) of Gaussian features rounded to a
    /// quarter grid, so exact distance ties are common.
    /// </summary>
    internal static (float[] X, int[] Y) ImbalancedGrid(int n, int d, long seed)
    {
        var rng = new PipelineExtensions.Randomness.SeededRandom(seed);
        var x = new float[n * d];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < 0.2 ? 1 : 0;
            for (int f = 0; f < d; f++)
                x[i * d + f] = MathF.Round((float)rng.NextGaussian() * 4) / 4 + 0.5f * y[i];
        }
        return (x, y);
    }

    /// <summary>
    /// n rows of low intrinsic dimension: on a random 2-D plane through the origin in d features (coordinates N(0, 3²))
    /// plus N(0, 0.001²) noise per feature, as in the `kdtree` benchmark's plane data; label 1 (about
    /// <paramref name="minority"/> of the rows) shifted by 0.5 in every feature.
    /// </summary>
    internal static (float[] X, int[] Y) Plane(int n, int d, long seed, double minority = 0)
    {
        var rng = new PipelineExtensions.Randomness.SeededRandom(seed);
        var axes = new double[2 * d];
        for (int i = 0; i < axes.Length; i++)
            axes[i] = rng.NextGaussian();
        var x = new float[n * d];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < minority ? 1 : 0;
            double u = rng.NextGaussian() * 3, v = rng.NextGaussian() * 3;
            for (int f = 0; f < d; f++)
                x[i * d + f] = (float)(u * axes[f] + v * axes[d + f] + 0.001 * rng.NextGaussian() + 0.5 * y[i]);
        }
        return (x, y);
    }

    /// <summary>Runs a fresh sampler from <paramref name="create"/> on the tree path and on the brute-force path and asserts identical outputs.</summary>
    internal static async Task AssertTreeAndBruteForceAgree(Func<Sampler> create, float[] x, int[] y, int d)
    {
        DataTable Make() => new(
            new VectorColumn("Features", ColumnType.Vector(d), (float[])x.Clone()),
            new KeyColumn("Label", ColumnType.Key(["majority", "minority"]), (int[])y.Clone()));
        var tree = create().FitResample(Make());
        // The switch is async-local: it holds inside this task only.
        var brute = await Task.Run(() =>
        {
            KdTreeSearch.Disabled.Value = true;
            return create().FitResample(Make());
        });
        Assert.Equal(brute.Table.GetColumn<VectorColumn>("Features").Data.ToArray(), tree.Table.GetColumn<VectorColumn>("Features").Data.ToArray());
        Assert.Equal(brute.SourceRows.ToArray(), tree.SourceRows.ToArray());
        Assert.Equal(brute.NeighbourRows.ToArray(), tree.NeighbourRows.ToArray());
    }
}
