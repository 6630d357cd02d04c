using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;
using static PipelineExtensions.Neural.Tests.Devices.Conformance;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// Every operation of the <see cref="Device"/> contract, as named cases: each runs one operation (or a short
/// sequence) on a device from seeded inputs and returns every output it wrote, so the same case can run on the
/// reference and on a candidate device. Shapes are small (ILGPU's CPU accelerator is slow) but cross tile, group
/// and chunk boundaries; accumulate flags, optional arguments and edge values (NaN, ±∞, β = 0 over garbage) are covered.
/// </summary>
internal static class OpCases
{
    public sealed record Case(Func<Device, float[][]> Run, (double Rtol, double Atol) Tolerance);

    public static readonly IReadOnlyDictionary<string, Case> All = Build();

    private static float[] U(int n, long seed, float low = -1f, float high = 1f) => TestData.Uniform(n, seed, low, high);

    private static Storage S(Tensor t) => t.Storage;

    // Runs an operation inside a scope and downloads the listed outputs.
    private static float[][] Run(Device d, Func<Device, Tensor[]> body)
    {
        using var scope = new TensorScope();
        return body(d).Select(t => t.ToArray()).ToArray();
    }

    private static Dictionary<string, Case> Build()
    {
        var cases = new Dictionary<string, Case>();
        void Add(string name, (double, double) tolerance, Func<Device, Tensor[]> body) => cases.Add(name, new Case(d => Run(d, body), tolerance));

        // ---------------------------------------------------------------- memory
        Add("upload-download-offsets", Exact, d =>
        {
            var t = Tensor.Zeros(new TensorShape(50), d);
            d.Upload(U(20, 1), S(t), 17);
            var part = new float[10];
            d.Download(S(t), 20, part);
            return [t, On(d, part, 10)];
        });
        Add("fill-copy", Exact, d =>
        {
            var a = On(d, U(40, 2), 40);
            var b = On(d, U(40, 3), 40);
            d.Fill(S(a), 5, 11, 2.5f);
            d.Copy(S(a), 3, S(b), 20, 17);
            return [a, b];
        });

        // ---------------------------------------------------------------- GEMM
        foreach (var (m, n, k) in new[] { (13, 17, 19), (1, 33, 70), (70, 9, 1), (66, 65, 40), (5, 6, 0) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    foreach (float beta in new[] { 0f, 1f, -0.5f })
                    {
                        if ((m, n, k) != (13, 17, 19) && beta == -0.5f)
                            continue;
                        Add($"gemm-{m}x{n}x{k}-{(ta ? "T" : "N")}{(tb ? "T" : "N")}-beta{beta}", Summed, d =>
                        {
                            // k = 0 (an empty product) still needs one-element storages.
                            var a = On(d, U(Math.Max(m * k, 1), 10 + m), Math.Max(m * k, 1));
                            var b = On(d, U(Math.Max(k * n, 1), 20 + n), Math.Max(k * n, 1));
                            // β = 0 must ignore C entirely, even NaN.
                            var c = On(d, beta == 0 ? Enumerable.Repeat(float.NaN, m * n).ToArray() : U(m * n, 30), m, n);
                            d.Gemm(ta, tb, m, n, k, 0.75f, S(a), S(b), beta, S(c));
                            return [c];
                        });
                    }

        // A small C with a long k in the A·Bᵀ form (a convolution's weight gradient): the ILGPU backend's split-k
        // kernel, which sums in double (the other transposes would only test float cancellation over 20,000 terms).
        foreach (float beta in new[] { 0f, 1f })
            Add($"gemm-split-k-3x5x20000-NT-beta{beta}", Summed, d =>
            {
                const int m = 3, n = 5, k = 20_000;
                var a = On(d, U(m * k, 11), m * k);
                var b = On(d, U(n * k, 21), n * k);
                var c = On(d, beta == 0 ? Enumerable.Repeat(float.NaN, m * n).ToArray() : U(m * n, 31), m, n);
                d.Gemm(false, true, m, n, k, 0.75f, S(a), S(b), beta, S(c));
                return [c];
            });

        // ---------------------------------------------------------------- element-wise
        foreach (var op in Enum.GetValues<UnaryOp>())
        {
            bool positive = op is UnaryOp.Log or UnaryOp.Sqrt;
            var tolerance = op is UnaryOp.Relu or UnaryOp.LeakyRelu or UnaryOp.Negate or UnaryOp.Abs or UnaryOp.Square ? Exact : Elementwise;
            Add($"unary-{op}", tolerance, d =>
            {
                var x = On(d, positive ? U(37, 40, 0.05f, 3f) : U(37, 40, -4f, 4f), 37);
                var y = Tensor.Empty(x.Shape, d);
                d.Unary(op, 0.1f, S(x), S(y), 37);
                return [y];
            });
            foreach (bool accumulate in new[] { false, true })
                Add($"unary-backward-{op}-{(accumulate ? "acc" : "set")}", tolerance, d =>
                {
                    var x = On(d, positive ? U(37, 41, 0.05f, 3f) : U(37, 41, -4f, 4f), 37);
                    var y = Tensor.Empty(x.Shape, d);
                    d.Unary(op, 0.1f, S(x), S(y), 37);
                    var dy = On(d, U(37, 42), 37);
                    var dx = On(d, U(37, 43), 37);
                    d.UnaryBackward(op, 0.1f, S(x), S(y), S(dy), S(dx), 37, accumulate);
                    return [dx];
                });
        }
        var broadcasts = new (int[] A, int[] B, int[] C)[]
        {
            ([3, 4], [3, 4], [3, 4]), ([3, 4], [4], [3, 4]), ([2, 3, 4], [3, 1], [2, 3, 4]), ([2, 1, 4], [3, 1], [2, 3, 4]),
            ([], [2, 3], [2, 3]), ([2, 3, 4, 5], [1, 3, 1, 1], [2, 3, 4, 5]), ([5, 1], [1, 6], [5, 6]), ([2, 1, 3, 1, 2, 1, 2], [3, 1, 2, 2, 1], [2, 1, 3, 3, 2, 2, 2]),
        };
        foreach (var op in Enum.GetValues<BinaryOp>())
            for (int i = 0; i < broadcasts.Length; i++)
            {
                var (sa, sb, sc) = broadcasts[i];
                Add($"binary-{op}-{string.Join('x', sa)}-{string.Join('x', sb)}", Exact, d =>
                {
                    var a = On(d, U(new TensorShape(sa).Size, 50 + i), sa);
                    var b = On(d, U(new TensorShape(sb).Size, 60 + i, 0.5f, 2f), sb);
                    var c = Tensor.Empty(new TensorShape(sc), d);
                    d.Binary(op, S(a), a.Shape, S(b), b.Shape, S(c), c.Shape);
                    return [c];
                });
            }
        Add("binary-in-place-bias", Exact, d =>
        {
            var y = On(d, U(12, 70), 3, 4);
            var bias = On(d, U(4, 71), 4);
            d.Binary(BinaryOp.Add, S(y), y.Shape, S(bias), bias.Shape, S(y), y.Shape);
            return [y];
        });
        foreach (var (alpha, beta) in new[] { (0.5f, 0f), (1f, 1f), (-2f, 1f), (0.3f, -0.7f) })
            Add($"axpby-{alpha}-{beta}", Elementwise, d =>
            {
                var x = On(d, U(29, 80), 29);
                var y = On(d, beta == 0 ? Enumerable.Repeat(float.NaN, 29).ToArray() : U(29, 81), 29);
                d.Axpby(alpha, S(x), beta, S(y), 29);
                return [y];
            });
        foreach (float shift in new[] { 0f, 0.25f })
            Add($"affine-{shift}", Elementwise, d =>
            {
                var x = On(d, U(29, 82), 29);
                var y = Tensor.Empty(x.Shape, d);
                d.Affine(S(x), S(y), 29, -1.5f, shift);
                return [y];
            });
        Add("clamp", Exact, d =>
        {
            var values = U(29, 83, -3f, 3f);
            values[3] = float.NaN;
            values[4] = float.PositiveInfinity;
            var x = On(d, values, 29);
            d.Clamp(S(x), 29, -0.5f, 1f);
            return [x];
        });
        foreach (float p in new[] { 0.1f, 0.5f, 0.9f })
            Add($"dropout-mask-{p}", Exact, d =>
            {
                var mask = Tensor.Empty(new TensorShape(1000), d);
                d.DropoutMask(S(mask), 1000, p, 0x1234_5678_9ABC_DEF0UL);
                return [mask];
            });

        // ---------------------------------------------------------------- reductions
        var sums = new (int[] X, int[] Y)[] { ([5, 4], [4]), ([2, 3, 4], [3, 1]), ([2, 3, 4], []), ([3, 5], [3, 5]), ([70, 3, 2], [3, 1]), ([4, 100], [4, 1]), ([2, 6, 1, 5], [2, 1, 1, 1]), ([40, 6, 90], [6, 1]) };
        for (int i = 0; i < sums.Length; i++)
        {
            var (xs, sy) = sums[i];
            foreach (bool accumulate in new[] { false, true })
                Add($"sum-to-{string.Join('x', xs)}-{string.Join('x', sy)}-{(accumulate ? "acc" : "set")}", Summed, d =>
                {
                    var x = On(d, U(new TensorShape(xs).Size, 90 + i), xs);
                    var y = On(d, U(new TensorShape(sy).Size, 95 + i), sy);
                    d.SumToShape(S(x), x.Shape, S(y), y.Shape, accumulate);
                    return [y];
                });
        }
        foreach (var op in Enum.GetValues<ReduceOp>())
            foreach (int length in new[] { 1, 999, 70_001 })
                Add($"reduce-{op}-{length}", op == ReduceOp.MaxAbs ? Exact : Summed, d =>
                {
                    var x = On(d, U(length, 100 + length, -2f, 2f), length);
                    var result = On(d, [7f, 7f, 7f], 3);
                    d.Reduce(op, S(x), length, S(result), 1);
                    return [result];
                });
        Add("count-non-finite", Exact, d =>
        {
            var values = U(1001, 110);
            values[0] = float.NaN;
            values[500] = float.PositiveInfinity;
            values[1000] = float.NegativeInfinity;
            values[999] = float.MaxValue;
            var x = On(d, values, 1001);
            return [On(d, [d.CountNonFinite(S(x), 1001), d.CountNonFinite(S(x), 999)], 2)];
        });

        // ---------------------------------------------------------------- softmax and losses
        foreach (bool log in new[] { false, true })
        {
            Add($"softmax-{(log ? "log" : "prob")}", Summed, d =>
            {
                var x = On(d, U(5 * 7, 120, -5f, 5f), 5, 7);
                var y = Tensor.Empty(x.Shape, d);
                d.Softmax(S(x), S(y), 5, 7, log);
                return [y];
            });
            foreach (bool accumulate in new[] { false, true })
                Add($"softmax-backward-{(log ? "log" : "prob")}-{(accumulate ? "acc" : "set")}", Summed, d =>
                {
                    var x = On(d, U(5 * 7, 121, -5f, 5f), 5, 7);
                    var y = Tensor.Empty(x.Shape, d);
                    d.Softmax(S(x), S(y), 5, 7, log);
                    var dy = On(d, U(35, 122), 5, 7);
                    var dx = On(d, U(35, 123), 5, 7);
                    d.SoftmaxBackward(S(y), S(dy), S(dx), 5, 7, log, accumulate);
                    return [dx];
                });
        }
        foreach (bool weighted in new[] { false, true })
            foreach (bool soft in new[] { false, true })
                Add($"cross-entropy-{(weighted ? "weighted" : "plain")}-{(soft ? "soft" : "onehot")}", Summed, d =>
                {
                    int rows = 6, cols = 5;
                    var targets = new float[rows * cols];
                    var probabilities = U(rows * cols, 131, 0.01f, 1f);
                    for (int r = 0; r < rows; r++)
                    {
                        float total = 0;
                        for (int j = 0; j < cols; j++)
                            total += probabilities[r * cols + j];
                        for (int j = 0; j < cols; j++)
                            targets[r * cols + j] = soft ? probabilities[r * cols + j] / total : j == (r * 3) % cols ? 1f : 0f;
                    }
                    var logits = On(d, U(rows * cols, 130, -4f, 4f), rows, cols);
                    var t = On(d, targets, rows, cols);
                    var w = weighted ? On(d, [0.5f, 2f, 1f, 0f, 3f], cols) : null;
                    var scale = On(d, U(rows, 132, 0f, 0.5f), rows);
                    var p = Tensor.Empty(logits.Shape, d);
                    var loss = Tensor.Empty(TensorShape.Scalar, d);
                    d.CrossEntropyForward(S(logits), S(t), w is null ? null : S(w), S(scale), rows, cols, S(p), S(loss));
                    var g = On(d, [1.7f], 1);
                    var dlogits = On(d, U(rows * cols, 133), rows, cols);
                    d.CrossEntropyBackward(S(p), S(t), w is null ? null : S(w), S(scale), S(g), rows, cols, S(dlogits), accumulate: weighted);
                    return [loss, p, dlogits];
                });
        foreach (bool weighted in new[] { false, true })
            Add($"bce-with-logits-{(weighted ? "weighted" : "plain")}", Summed, d =>
            {
                int rows = 7, cols = 3;
                var logits = On(d, U(rows * cols, 140, -30f, 30f), rows, cols);
                var targets = On(d, U(rows * cols, 141, 0f, 1f), rows, cols);
                var pw = weighted ? On(d, [0.5f, 1f, 4f], cols) : null;
                var scale = On(d, U(rows, 142, 0f, 0.5f), rows);
                var loss = Tensor.Empty(TensorShape.Scalar, d);
                d.BceWithLogitsForward(S(logits), S(targets), pw is null ? null : S(pw), S(scale), rows, cols, S(loss));
                var g = On(d, [0.6f], 1);
                var dx = On(d, U(rows * cols, 143), rows, cols);
                d.BceWithLogitsBackward(S(logits), S(targets), pw is null ? null : S(pw), S(scale), S(g), rows, cols, S(dx), accumulate: weighted);
                return [loss, dx];
            });

        // ---------------------------------------------------------------- convolution
        var convolutions = new (string Name, ConvolutionGeometry G, bool Bias)[]
        {
            ("3x3-pad1", new ConvolutionGeometry(3, 2, 6, 5, 4, 3, 3, 1, 1, 1, 1), true),
            ("3x3-stride2", new ConvolutionGeometry(2, 3, 7, 6, 2, 3, 3, 2, 2, 0, 0), false),
            ("2x3-pad10-stride21", new ConvolutionGeometry(2, 2, 5, 7, 3, 2, 3, 2, 1, 1, 0), true),
            ("1x1", new ConvolutionGeometry(2, 4, 3, 3, 5, 1, 1, 1, 1, 0, 0), true),
            // 800 × 26·26 unfolded floats per sample exceed half the ILGPU CPU accelerator's column budget (2^20), so
            // the device runs one sample per chunk: three chunks, and the filter gradient sums across them. (A wide
            // patch keeps the filter gradient's sums short, 3·676 terms, inside the Summed tolerance.)
            ("5x5-three-chunks", new ConvolutionGeometry(3, 32, 26, 26, 2, 5, 5, 1, 1, 2, 2), true),
        };
        foreach (var (name, g, hasBias) in convolutions)
        {
            var xShape = new[] { g.Batch, g.InChannels, g.InHeight, g.InWidth };
            var wShape = new[] { g.OutChannels, g.InChannels, g.KernelHeight, g.KernelWidth };
            var yShape = new[] { g.Batch, g.OutChannels, g.OutHeight, g.OutWidth };
            int xSize = g.Batch * g.InSampleSize, wSize = g.OutChannels * g.PatchSize, ySize = g.Batch * g.OutSampleSize;
            Add($"conv-forward-{name}", Summed, d =>
            {
                var x = On(d, U(xSize, 150), xShape);
                var w = On(d, U(wSize, 151), wShape);
                var b = hasBias ? On(d, U(g.OutChannels, 152), g.OutChannels) : null;
                var y = Tensor.Empty(new TensorShape(yShape), d);
                d.Conv2dForward(g, S(x), S(w), b is null ? null : S(b), S(y));
                return [y];
            });
            foreach (bool accumulate in new[] { false, true })
            {
                Add($"conv-backward-data-{name}-{(accumulate ? "acc" : "set")}", Summed, d =>
                {
                    var dy = On(d, U(ySize, 153), yShape);
                    var w = On(d, U(wSize, 154), wShape);
                    var dx = On(d, U(xSize, 155), xShape);
                    d.Conv2dBackwardData(g, S(dy), S(w), S(dx), accumulate);
                    return [dx];
                });
                Add($"conv-backward-filter-{name}-{(accumulate ? "acc" : "set")}", Summed, d =>
                {
                    var x = On(d, U(xSize, 156), xShape);
                    var dy = On(d, U(ySize, 157), yShape);
                    var dw = On(d, U(wSize, 158), wShape);
                    d.Conv2dBackwardFilter(g, S(x), S(dy), S(dw), accumulate);
                    return [dw];
                });
            }
        }

        // ---------------------------------------------------------------- pooling
        var pools = new (string Name, PoolingGeometry G)[]
        {
            ("2x2", new PoolingGeometry(2, 3, 4, 6, 2, 2, 2, 2, 0, 0)),
            ("3x3-stride2-pad1", new PoolingGeometry(2, 2, 5, 5, 3, 3, 2, 2, 1, 1)),
            ("3x2-stride1", new PoolingGeometry(1, 2, 4, 5, 3, 2, 1, 1, 0, 0)),
            ("2x2-ragged", new PoolingGeometry(2, 3, 5, 7, 2, 2, 2, 2, 0, 0)),
        };
        foreach (var (name, g) in pools)
        {
            int inSize = g.Planes * g.InHeight * g.InWidth, outSize = g.Planes * g.OutHeight * g.OutWidth;
            int[] inShape = [g.Batch, g.Channels, g.InHeight, g.InWidth], outShape = [g.Batch, g.Channels, g.OutHeight, g.OutWidth];
            // Ties (values rounded to a coarse grid) and a NaN exercise PyTorch's first-maximum and NaN rules.
            float[] Input(long seed)
            {
                var v = U(inSize, seed).Select(f => MathF.Round(f * 3) / 3).ToArray();
                v[inSize / 2] = float.NaN;
                return v;
            }
            Add($"maxpool-{name}", Exact, d =>
            {
                var x = On(d, Input(160), inShape);
                var y = Tensor.Empty(new TensorShape(outShape), d);
                d.MaxPool2dForward(g, S(x), S(y));
                return [y];
            });
            foreach (bool accumulate in new[] { false, true })
                Add($"maxpool-backward-{name}-{(accumulate ? "acc" : "set")}", Elementwise, d =>
                {
                    var x = On(d, Input(161), inShape);
                    var dy = On(d, U(outSize, 162), outShape);
                    var dx = On(d, U(inSize, 163), inShape);
                    d.MaxPool2dBackward(g, S(x), S(dy), S(dx), accumulate);
                    return [dx];
                });
            foreach (bool includePad in new[] { false, true })
            {
                Add($"avgpool-{name}-{(includePad ? "incl" : "excl")}", Elementwise, d =>
                {
                    var x = On(d, U(inSize, 164), inShape);
                    var y = Tensor.Empty(new TensorShape(outShape), d);
                    d.AvgPool2dForward(g, includePad, S(x), S(y));
                    return [y];
                });
                Add($"avgpool-backward-{name}-{(includePad ? "incl" : "excl")}", Elementwise, d =>
                {
                    var dy = On(d, U(outSize, 165), outShape);
                    var dx = On(d, U(inSize, 166), inShape);
                    d.AvgPool2dBackward(g, includePad, S(dy), S(dx), accumulate: includePad);
                    return [dx];
                });
            }
        }

        // ---------------------------------------------------------------- batch normalisation
        foreach (var (n, c, s) in new[] { (6, 4, 1), (3, 2, 9), (70, 3, 2) })
        {
            int size = n * c * s;
            foreach (bool running in new[] { false, true })
                Add($"batchnorm-training-{n}x{c}x{s}-{(running ? "running" : "norunning")}", Summed, d =>
                {
                    var x = On(d, U(size, 170, -2f, 3f), size);
                    var gamma = On(d, U(c, 171, 0.5f, 1.5f), c);
                    var beta = On(d, U(c, 172), c);
                    var y = Tensor.Empty(x.Shape, d);
                    var mean = Tensor.Empty(gamma.Shape, d);
                    var invStd = Tensor.Empty(gamma.Shape, d);
                    var rm = On(d, U(c, 173), c);
                    var rv = On(d, U(c, 174, 0.5f, 2f), c);
                    d.BatchNormForwardTraining(n, c, s, S(x), S(gamma), S(beta), 1e-5f, S(y), S(mean), S(invStd), running ? S(rm) : null, running ? S(rv) : null, 0.1f);
                    return [y, mean, invStd, rm, rv];
                });
            // Summed: the normalised value (x − mean)·invStd·γ + β cancels terms of order one, so one rounding of
            // 1/√(var+ε) (GPU rsqrt vs the CPU's division) shows as an absolute error of a few 1e-7 on small outputs.
            Add($"batchnorm-inference-{n}x{c}x{s}", Summed, d =>
            {
                var x = On(d, U(size, 175, -2f, 3f), size);
                var gamma = On(d, U(c, 176, 0.5f, 1.5f), c);
                var beta = On(d, U(c, 177), c);
                var rm = On(d, U(c, 178), c);
                var rv = On(d, U(c, 179, 0.5f, 2f), c);
                var y = Tensor.Empty(x.Shape, d);
                var mean = Tensor.Empty(gamma.Shape, d);
                var invStd = Tensor.Empty(gamma.Shape, d);
                d.BatchNormForwardInference(n, c, s, S(x), S(gamma), S(beta), S(rm), S(rv), 1e-3f, S(y), S(mean), S(invStd));
                return [y, mean, invStd];
            });
            foreach (bool training in new[] { false, true })
                Add($"batchnorm-backward-{n}x{c}x{s}-{(training ? "training" : "inference")}", Summed, d =>
                {
                    var x = On(d, U(size, 180, -2f, 3f), size);
                    var dy = On(d, U(size, 181), size);
                    var gamma = On(d, U(c, 182, 0.5f, 1.5f), c);
                    var mean = On(d, U(c, 183), c);
                    var invStd = On(d, U(c, 184, 0.5f, 2f), c);
                    var dx = On(d, U(size, 185), size);
                    var dgamma = On(d, U(c, 186), c);
                    var dbeta = On(d, U(c, 187), c);
                    d.BatchNormBackward(n, c, s, S(x), S(dy), S(gamma), S(mean), S(invStd), training, S(dx), accumulateDx: training, S(dgamma), S(dbeta));
                    return [dx, dgamma, dbeta];
                });
        }

        // ---------------------------------------------------------------- optimizer updates (three steps each)
        const int P = 53;
        var sgds = new (string Name, SgdHyper H, bool Buffer)[]
        {
            ("plain", new SgdHyper(0.1, 0, 0, 0, false, false, false), false),
            ("momentum-wd", new SgdHyper(0.05, 0.9, 0.1, 1e-2, false, false, false), true),
            ("nesterov-maximize", new SgdHyper(0.05, 0.8, 0, 0, true, true, false), true),
        };
        foreach (var (name, h, buffer) in sgds)
            Add($"sgd-{name}", Elementwise, d =>
            {
                var p = On(d, U(P, 190), P);
                var m = buffer ? Tensor.Zeros(p.Shape, d) : null;
                for (int step = 0; step < 3; step++)
                {
                    var g = On(d, U(P, 191 + step), P);
                    d.SgdUpdate(h with { FirstStep = step == 0 }, S(p), S(g), m is null ? null : S(m), P);
                }
                return m is null ? [p] : [p, m];
            });
        var adams = new (string Name, AdamHyper H, bool Max)[]
        {
            ("adam", new AdamHyper(1e-2, 0.9, 0.999, 1e-8, 0, false, false, false, 0), false),
            ("adam-l2-amsgrad", new AdamHyper(1e-2, 0.8, 0.99, 1e-6, 1e-2, false, true, false, 0), true),
            ("adamw-maximize", new AdamHyper(1e-2, 0.9, 0.999, 1e-8, 0.1, true, false, true, 0), false),
        };
        foreach (var (name, h, max) in adams)
            Add($"optimizer-{name}", Elementwise, d =>
            {
                var p = On(d, U(P, 195), P);
                var m = Tensor.Zeros(p.Shape, d);
                var v = Tensor.Zeros(p.Shape, d);
                var vmax = max ? Tensor.Zeros(p.Shape, d) : null;
                for (int step = 1; step <= 3; step++)
                {
                    var g = On(d, U(P, 196 + step), P);
                    d.AdamUpdate(h with { Step = step }, S(p), S(g), S(m), S(v), vmax is null ? null : S(vmax), P);
                }
                return vmax is null ? [p, m, v] : [p, m, v, vmax];
            });
        var rmsProps = new (string Name, RmsPropHyper H)[]
        {
            ("plain", new RmsPropHyper(1e-2, 0.99, 1e-8, 0, 0, false, false)),
            ("centered-momentum-wd", new RmsPropHyper(1e-2, 0.9, 1e-6, 1e-2, 0.9, true, false)),
            ("maximize", new RmsPropHyper(1e-2, 0.99, 1e-8, 0, 0, false, true)),
        };
        foreach (var (name, h) in rmsProps)
            Add($"rmsprop-{name}", Elementwise, d =>
            {
                var p = On(d, U(P, 200), P);
                var sq = Tensor.Zeros(p.Shape, d);
                var gavg = h.Centered ? Tensor.Zeros(p.Shape, d) : null;
                var buf = h.Momentum > 0 ? Tensor.Zeros(p.Shape, d) : null;
                for (int step = 0; step < 3; step++)
                {
                    var g = On(d, U(P, 201 + step), P);
                    d.RmsPropUpdate(h, S(p), S(g), S(sq), gavg is null ? null : S(gavg), buf is null ? null : S(buf), P);
                }
                return [p, sq];
            });
        return cases;
    }
}
