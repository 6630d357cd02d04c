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
}
