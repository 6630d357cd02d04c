using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Sampling;

/// <summary>
/// SMOTE's generation step: x_new = x_seed + u·(x_nn − x_seed), u uniform in [0, step), with the neighbour drawn
/// from the seed's k nearest. Work is split into fixed chunks, each with its own derived random stream, so the
/// output does not depend on how many threads run.
/// </summary>
internal static class Interpolation
{
    private const int Chunk = 4096;

    /// <summary>One generation request.</summary>
    /// <param name="Seeds">Seed rows, row-major.</param>
    /// <param name="SeedRows">Input-table row of each seed.</param>
    /// <param name="Candidates">Rows the neighbours index into, row-major.</param>
    /// <param name="CandidateRows">Input-table row of each candidate.</param>
    /// <param name="Neighbours">Per seed, k candidate indices (row-major seeds × k).</param>
    /// <param name="K">Neighbours per seed.</param>
    /// <param name="FixedSeeds">Per new row, its seed (ADASYN); null draws seed and neighbour together uniformly over seeds × k (SMOTE).</param>
    /// <param name="Step">Upper end of the step u (1 for SMOTE, 0.5 towards other classes in Borderline-SMOTE-2).</param>
    public sealed record Request(float[] Seeds, int[] SeedRows, float[] Candidates, int[] CandidateRows, int[] Neighbours, int K, int[]? FixedSeeds, float Step = 1f);

    /// <summary>
    /// Writes <paramref name="count"/> new rows at output row <paramref name="start"/> of <paramref name="builder"/>.
    /// When <paramref name="fillClass"/> is not negative the chunks also write the rows' label (that class) and origin
    /// (synthetic), for rows reserved with <see cref="OutputBuilder.ReserveSynthetic"/>: each core then writes its own
    /// rows of every array.
    /// </summary>
    public static void Generate(Request request, int count, long seed, OutputBuilder builder, int start, int fillClass = -1)
    {
        int chunks = (count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, chunk => GenerateChunk(request, count, seed, builder, start, chunk, fillClass));
    }

    // Fully optimised from the first call (a sampler runs a few times per process; tier-0 code would dominate).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GenerateChunk(Request request, int count, long seed, OutputBuilder builder, int start, int chunk, int fillClass)
    {
        int d = builder.Dimension;
        var features = builder.Features;
        var sourceRows = builder.SourceRows;
        var neighbourRows = builder.NeighbourRows;
        var neighbours = request.Neighbours;
        var seedRows = request.SeedRows;
        var candidateRows = request.CandidateRows;
        var fixedSeeds = request.FixedSeeds;
        var seeds = request.Seeds;
        var candidates = request.Candidates;
        float step = request.Step;
        // The chunk's stream is SeededRandom.Derive(seed, chunk), drawn from a local state held in registers.
        var rng = new RandomState(SeededRandom.MixSeed(seed, chunk));
        int nSeeds = request.SeedRows.Length, k = request.K;
        ulong kInverse = Inverse((uint)k);
        int first = chunk * Chunk, end = Math.Min(count, (chunk + 1) * Chunk);
        if (fillClass >= 0)
        {
            builder.Labels.AsSpan(start + first, end - first).Fill(fillClass);
            builder.Origins.AsSpan(start + first, end - first).Fill(RowOrigin.Synthetic);
        }
        for (int i = first; i < end; i++)
        {
            int s, nn;
            if (fixedSeeds is null)
            {
                uint pick = (uint)rng.NextInt(nSeeds * k);
                uint quotient = Quotient(pick, (uint)k, kInverse);
                s = (int)quotient;
                nn = neighbours[s * k + (int)(pick - quotient * (uint)k)];
            }
            else
            {
                s = fixedSeeds[i];
                nn = neighbours[s * k + rng.NextInt(k)];
            }
            float u = rng.NextSingle() * step;
            int row = start + i;
            sourceRows[row] = seedRows[s];
            neighbourRows[row] = candidateRows[nn];
            Lerp(seeds.AsSpan(s * d, d), candidates.AsSpan(nn * d, d), u, features.AsSpan(row * d, d));
        }
    }

    /// <summary>The multiplier for <see cref="Quotient"/> by <paramref name="divisor"/> (0 for 1, whose multiplier 2^64 does not fit).</summary>
    internal static ulong Inverse(uint divisor) => divisor > 1 ? ulong.MaxValue / divisor + 1 : 0;

    /// <summary>
    /// <paramref name="n"/> / <paramref name="divisor"/> by one multiply instead of a division: the high word of
    /// ⌈2^64 / d⌉ · n is exact for every 32-bit n and d (Lemire, Kaser and Kurz, "Faster remainder by direct
    /// computation", 2019).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Quotient(uint n, uint divisor, ulong inverse) => divisor > 1 ? (uint)Math.BigMul(inverse, n, out _) : n;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lerp(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float u, Span<float> output)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            var vu = Vector256.Create(u);
            for (; j <= x.Length - 8; j += 8)
            {
                var a = Vector256.Create(x.Slice(j, 8));
                var b = Vector256.Create(y.Slice(j, 8));
                Fma.MultiplyAdd(vu, b - a, a).CopyTo(output.Slice(j, 8));
            }
        }
        for (; j < x.Length; j++)
            output[j] = MathF.FusedMultiplyAdd(u, y[j] - x[j], x[j]);
    }
}
