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

    /// <summary>Writes <paramref name="count"/> new rows at output row <paramref name="start"/> of <paramref name="builder"/>.</summary>
    public static void Generate(Request request, int count, long seed, OutputBuilder builder, int start)
    {
        int chunks = (count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, chunk => GenerateChunk(request, count, seed, builder, start, chunk));
    }

    // Fully optimised from the first call (a sampler runs a few times per process; tier-0 code would dominate).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GenerateChunk(Request request, int count, long seed, OutputBuilder builder, int start, int chunk)
    {
        int d = builder.Dimension;
        var features = builder.Features;
        var rng = SeededRandom.Derive(seed, chunk);
        int nSeeds = request.SeedRows.Length, k = request.K;
        int end = Math.Min(count, (chunk + 1) * Chunk);
        for (int i = chunk * Chunk; i < end; i++)
        {
            int s, nn;
            if (request.FixedSeeds is null)
            {
                int pick = rng.NextInt(nSeeds * k);
                s = pick / k;
                nn = request.Neighbours[s * k + pick % k];
            }
            else
            {
                s = request.FixedSeeds[i];
                nn = request.Neighbours[s * k + rng.NextInt(k)];
            }
            float u = rng.NextSingle() * request.Step;
            int row = start + i;
            builder.SourceRows[row] = request.SeedRows[s];
            builder.NeighbourRows[row] = request.CandidateRows[nn];
            Lerp(request.Seeds.AsSpan(s * d, d), request.Candidates.AsSpan(nn * d, d), u, features.AsSpan(row * d, d));
        }
    }

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
