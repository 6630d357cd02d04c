using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling;
using PipelineExtensions.Sampling.Neighbors;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>
/// The split search (<see cref="ClassSearch.TrySplit"/>): the search below per-row bounds
/// (<see cref="NearestNeighbours.NearestBelow"/>) must return exactly the naive search's distances, and ADASYN and
/// Borderline-SMOTE must give the single pass's output bit for bit through it, on tables of ties and duplicate rows.
/// </summary>
public class SplitSearchTests
{
    private static readonly int[] Dimensions = [1, 2, 3, 5, 31, 32, 33];

    // The direct kernel's distance: t = q_f − c_f, acc = fma(t, t, acc) in feature order.
    private static float Direct(float[] x, int a, int b, int d)
    {
        float acc = 0;
        for (int f = 0; f < d; f++)
        {
            float t = x[a * d + f] - x[b * d + f];
            acc = System.Runtime.Intrinsics.X86.Fma.IsSupported ? MathF.FusedMultiplyAdd(t, t, acc) : acc + t * t;
        }
        return acc;
    }

    [Fact]
    public void Nearest_below_equals_the_naive_search()
    {
        int searched = 0;
        var cases =
            from t in IntegerScreenTests.CasesOver(Dimensions)
            from k in Gen.Int[1, 12]
            from int8 in Gen.Bool
            from preVerdict in Gen.Bool
            from cascade in Gen.Bool
            select (t.Kind, t.N, t.D, K: k, t.Seed, Int8: int8, PreVerdict: preVerdict, Cascade: cascade);
        cases.Sample(t =>
        {
            int n = Math.Max(t.N, 8), d = t.D;
            var x = IntegerScreenTests.Table(t.Kind, n, d, t.Seed);
            var rng = new SeededRandom(t.Seed ^ 0x5EED);
            // A quarter of the rows copied over others (exact duplicates across the split); the first ~third are queries,
            // the rest candidates through a shuffled row map, as ClassSearch passes the other-class rows.
            for (int i = 0; i < n / 4; i++)
                Array.Copy(x, rng.NextInt(n) * d, x, rng.NextInt(n) * d, d);
            int nq = Math.Max(1, n / 3);
            var queries = x.AsSpan(0, nq * d).ToArray();
            var map = Enumerable.Range(nq, n - nq).ToArray();
            rng.Shuffle(map.AsSpan());
            // Bounds on the table's own distances (ties with the bound), between them, or ±∞.
            var bounds = new float[nq];
            for (int i = 0; i < nq; i++)
                bounds[i] = rng.NextInt(6) switch
                {
                    0 => float.PositiveInfinity,
                    1 => float.NegativeInfinity,
                    2 => Direct(x, i, rng.NextInt(n), d) * 1.01f,
                    _ => Direct(x, i, map[rng.NextInt(map.Length)], d),
                };
            var below = NearestNeighbours.NearestBelow(queries, nq, d, new PackedRows(x, map, map.Length, d), bounds, t.K, t.Int8, t.PreVerdict, t.Cascade);
            if (below == null)
                return; // no screen takes these rows (kind 6): the caller keeps the single pass
            Interlocked.Increment(ref searched);
            for (int i = 0; i < nq; i++)
            {
                var expected = map.Select(j => Direct(x, i, j, d)).Where(v => v < bounds[i]).Order().Take(t.K).ToList();
                while (expected.Count < t.K)
                    expected.Add(float.PositiveInfinity);
                Assert.Equal(expected, below.AsSpan(i * t.K, t.K).ToArray());
            }
        }, iter: 400);
        Assert.True(searched > 200, $"only {searched} cases reached the screened search");
    }

    [Fact]
    public unsafe void Bounded_tiles_give_the_plain_tiles_verdicts_and_values()
    {
        int rejected = 0, passed = 0, declined = 0;
        var cases =
            from t in IntegerScreenTests.CasesOver(Dimensions)
            from nq in Gen.Int[1, DotTile.QueryRows]
            from nc in Gen.Int[1, 40]
            from factor in Gen.Double[0.1, 1.2]
            select (t.Kind, t.D, t.Seed, Nq: nq, Nc: nc, Factor: factor);
        cases.Sample(t =>
        {
            int d = t.D, rows = DotTile.QueryRows;
            var x = IntegerScreenTests.Table(t.Kind, t.Nq + t.Nc, d, t.Seed);
            var queries = x.AsSpan(0, t.Nq * d).ToArray();
            var candidates = new PackedRows(x, Enumerable.Range(t.Nq, t.Nc).ToArray(), t.Nc, d);
            using var screened = ScreenedSegments.TryCreate(queries, t.Nq, rows, d, [candidates]);
            var qo = screened?.Quantized(0) ?? default;
            if (!qo.Usable || qo.Bytes)
                return; // the 16-bit screen declined: no pre-verdict
            var rng = new SeededRandom(t.Seed);
            int tiles = candidates.PaddedCount / DistanceTile.Candidates;
            // Every tile's values, then bounds on them: a tie with a lane, one float below a row's least value (the
            // float verdict's edge), well below it, around the row's nearest candidate, or ±∞; padding rows −∞, as in
            // the search.
            var values = new float[tiles][];
            var always = Enumerable.Repeat(float.PositiveInfinity, rows).ToArray();
            for (int tile = 0; tile < tiles; tile++)
            {
                values[tile] = new float[DotTile.Size];
                fixed (float* v = values[tile], th = always)
                    Int16Tile.ComputeScreened(qo.Q, qo.C + tile * 32L * qo.Pairs, qo.Pairs, v, qo.QNorms, qo.CNorms + 16 * tile, qo.Scale, th, null);
            }
            var limits = new float[rows];
            // 0: every row's bound under all its values; 1: the same but one row tied with one of its values (that lane
            // alone passes); 2: mixed.
            int mode = rng.NextInt(3), tied = rng.NextInt(t.Nq);
            for (int i = 0; i < rows; i++)
            {
                var real = Enumerable.Range(0, t.Nc).Select(j => values[j / 16][16 * i + j % 16]).ToArray();
                float lane = real[rng.NextInt(real.Length)], least = real.Min();
                int choice = mode switch
                {
                    0 => rng.NextInt(4) == 0 ? 5 : 10,
                    1 => i == tied ? 2 : 10,
                    _ => rng.NextInt(16),
                };
                limits[i] = i >= t.Nq ? float.NegativeInfinity : choice switch
                {
                    0 => float.PositiveInfinity,
                    1 => float.NegativeInfinity,
                    < 5 => lane,
                    < 10 => MathF.BitDecrement(least),
                    < 13 => least - Math.Abs(least) * (float)t.Factor,
                    _ => (float)(Enumerable.Range(t.Nq, t.Nc).Min(j => Direct(x, i, j, d)) * t.Factor),
                };
            }
            var bounds = Int16Bounds.TryCreate(qo, t.Nq, rows, t.Nc, candidates.PaddedCount, limits);
            if (bounds == null)
            {
                Interlocked.Increment(ref declined); // a sum could leave 32 bits (rows near the rounding limit)
                return;
            }
            // Thresholds at or below the bounds, as the search's k-th distances are.
            var thresholds = limits.Select(l => rng.NextInt(4) == 0 ? MathF.Min(l, l * 0.5f) : l).ToArray();
            var verdicts = new bool[tiles];
            var scratch = new float[DotTile.Size];
            for (int tile = 0; tile < tiles; tile++)
                fixed (float* v = scratch, th = thresholds)
                    verdicts[tile] = Int16Tile.ComputeScreened(qo.Q, qo.C + tile * 32L * qo.Pairs, qo.Pairs, v, qo.QNorms, qo.CNorms + 16 * tile, qo.Scale, th, null);
            // From every starting tile: the first passing tile and its values, as the plain kernel's.
            var result = new float[DotTile.Size];
            for (int first = 0; first < tiles; first++)
            {
                int hit;
                fixed (float* r = result, th = thresholds)
                fixed (int* rb = bounds.Rows, off = bounds.NegatedCandidates)
                    hit = Int16Tile.ComputeScreenedBounded(qo.Q, qo.C + first * 32L * qo.Pairs, qo.Pairs, tiles - first, r, qo.QNorms, qo.CNorms + 16 * first, qo.Scale, th, rb, off + 16 * first);
                int expected = Array.IndexOf(verdicts, true, first) is >= 0 and var e ? e - first : tiles - first;
                Assert.Equal(expected, hit);
                if (hit < tiles - first)
                {
                    Interlocked.Increment(ref passed);
                    Assert.Equal(values[first + hit].Select(BitConverter.SingleToInt32Bits), result.Select(BitConverter.SingleToInt32Bits));
                }
                else if (Enumerable.Range(first, tiles - first).All(tile => !verdicts[tile]))
                    Interlocked.Increment(ref rejected);
            }
        }, iter: 600);
        Assert.True(rejected > 150 && passed > 100 && declined < 100, $"{rejected} runs rejected, {passed} passed, {declined} cases declined");
    }

    private static readonly Gen<(int[] Counts, int D, int Grid, int K, int M, int Seed)> Tables =
        from classes in Gen.Int[2, 3]
        from counts in Gen.Int[8, 90].Array[classes]
        from di in Gen.Int[0, Dimensions.Length - 1]
        from grid in Gen.Int[0, 2]
        from k in Gen.Int[1, 5]
        from m in Gen.Int[1, 12]
        from seed in Gen.Int[0, 100_000]
        select (counts, Dimensions[di], grid, k, m, seed);

    // Features on a grid of step 2^−grid (ties everywhere at grid 0), a fifth of the rows copies of others (duplicates
    // within and across classes); class c shifted by c/2.
    private static DataTable Table(int[] counts, int d, int grid, int seed)
    {
        var rng = new SeededRandom(seed);
        var labels = counts.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        rng.Shuffle(labels.AsSpan());
        int n = labels.Length;
        var x = new float[n * d];
        double step = Math.Pow(2, -grid);
        for (int i = 0; i < n; i++)
            for (int f = 0; f < d; f++)
                x[i * d + f] = (float)(Math.Round((rng.NextGaussian() + labels[i] / 2.0) / step) * step);
        for (int i = 0; i < n / 5; i++)
            Array.Copy(x, rng.NextInt(n) * d, x, rng.NextInt(n) * d, d);
        return new DataTable(
            new VectorColumn("Features", ColumnType.Vector(d), x),
            new KeyColumn("Label", ColumnType.Key(SamplingTestData.ClassNames(counts.Length)), labels));
    }

    // What the sampler returns (or the message it throws) with the split search forced on or off, in a task of its own
    // (the switch is async-local).
    private static Task<T> With<T>(bool split, Func<T> run) => Task.Run(() =>
    {
        ClassSearch.SplitOverride.Value = split;
        return run();
    });

    private static object Outcome(Func<object> run)
    {
        try
        {
            return run();
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    private static object Output(SamplingResult r) => string.Join(",",
        r.Table.GetColumn<VectorColumn>("Features").Data.ToArray().Select(v => BitConverter.SingleToInt32Bits(v)))
        + "|" + string.Join(",", r.SourceRows.ToArray()) + "|" + string.Join(",", r.NeighbourRows.ToArray());

    [Fact]
    public async Task Borderline_smote_danger_rows_and_output_equal_the_single_pass()
    {
        var cases = new List<(int[] Counts, int D, int Grid, int K, int M, int Seed)>();
        Tables.Sample(t => { lock (cases) cases.Add(t); }, iter: 60); // Sample runs on several threads
        foreach (var t in cases)
        {
            var table = Table(t.Counts, t.D, t.Grid, t.Seed);
            int m = Math.Min(t.M, table.RowCount - 1), k = Math.Min(t.K, t.Counts.Min() - 1);
            var sampler = new PipelineContext(t.Seed).Sampling.BorderlineSmote(neighbourCount: k, dangerNeighbourCount: m);
            for (int c = 0; c < t.Counts.Length; c++)
            {
                string name = $"c{c}";
                var split = await With(true, () => sampler.DangerRows(table, name));
                var single = await With(false, () => sampler.DangerRows(table, name));
                Assert.Equal(single, split);
            }
            Assert.Equal(await With(false, () => Outcome(() => Output(sampler.FitResample(table)))),
                await With(true, () => Outcome(() => Output(sampler.FitResample(table)))));
        }
    }

    [Fact]
    public async Task Adasyn_generation_counts_and_output_equal_the_single_pass()
    {
        var cases = new List<(int[] Counts, int D, int Grid, int K, int M, int Seed)>();
        Tables.Sample(t => { lock (cases) cases.Add(t); }, iter: 60); // Sample runs on several threads
        foreach (var t in cases)
        {
            var table = Table(t.Counts, t.D, t.Grid, t.Seed);
            int k = Math.Min(t.K, t.Counts.Min() - 1);
            var sampler = new PipelineContext(t.Seed).Sampling.Adasyn(neighbourCount: k);
            for (int c = 0; c < t.Counts.Length; c++)
            {
                string name = $"c{c}";
                int total = 3 * t.Counts[c];
                Assert.Equal(await With(false, () => Outcome(() => sampler.GenerationCounts(table, name, total).ToArray())),
                    await With(true, () => Outcome(() => sampler.GenerationCounts(table, name, total).ToArray())));
            }
            Assert.Equal(await With(false, () => Outcome(() => Output(sampler.FitResample(table)))),
                await With(true, () => Outcome(() => Output(sampler.FitResample(table)))));
        }
    }
}
