using CsCheck;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// <see cref="PairBatch.Compute"/> must give every queued pair the direct kernel's distance bit for bit (the lists
/// compare these values with the direct kernel's and with each other): row-major candidates (eight chains transposed
/// from d = 8 on) and packed ones, any pair count up to a full batch, partial last groups, repeated rows.
/// </summary>
public class PairBatchTests
{
    [Fact]
    public unsafe void Batch_distances_equal_the_direct_kernels_bit_for_bit()
    {
        Gen.Int[0, 1_000_000].Select(Gen.Int[1, 70], Gen.Int[1, PairBatch.Due + 64]).Sample((seed, d, count) =>
        {
            var rng = new SeededRandom(seed);
            int nq = 40, nc = 37;
            var q = new float[nq * d];
            var c = new float[nc * d];
            double spread = Math.Pow(10, rng.NextInt(9) - 4);
            for (int i = 0; i < q.Length; i++)
                q[i] = (float)(rng.NextGaussian() * spread + 3);
            for (int i = 0; i < c.Length; i++)
                c[i] = rng.NextInt(4) == 0 ? q[rng.NextInt(q.Length)] : (float)(rng.NextGaussian() * spread + 3);
            var packed = new PackedRows(c, nc, d);
            var rows = new int[count];
            var candidates = new int[count];
            for (int p = 0; p < count; p++)
            {
                rows[p] = rng.NextInt(nq);
                candidates[p] = rng.NextInt(nc);
            }
            foreach (int step in new[] { 1, PackedRows.Lanes })
            {
                var batch = new PairBatch();
                for (int p = 0; p < count; p++)
                    batch.Add(rows[p] * d, (int)PackedRows.Start(candidates[p], d, step, null), rows[p], candidates[p], false);
                fixed (float* qp = q, cp = c, pp = packed.Data)
                    batch.Compute(qp, step == 1 ? cp : pp, d, step);
                for (int p = 0; p < count; p++)
                {
                    float expected = NeighbourScreenTests.Direct(q, rows[p], c, candidates[p], d);
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(batch.Distances[p]),
                        $"step {step}, d {d}, pair {p} of {count}: {batch.Distances[p]:R} vs {expected:R}");
                }
            }
        }, iter: 300);
    }
}
