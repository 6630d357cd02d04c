using PipelineExtensions.Data;
using PipelineExtensions.Data.Idx;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Benchmarks.AutoML;

/// <summary>
/// An independent check of the pruning proof: the winners of a sweep are scored on Fashion-MNIST test images the
/// sweep never saw (the full 10,000-image test split minus the 1,000 embedded ones used as validation). The
/// sweep's validation accuracy picks the winner, so the winner's validation value is biased upwards by selection
/// among noisy trials; accuracy on fresh images is what the chosen model is worth. Predictions are kept per trial
/// so two winners can be compared image by image (exact McNemar test).
/// </summary>
internal sealed class HeldOutCheck
{
    private readonly DataTable _images;
    private readonly int[] _labels;
    private readonly Dictionary<int, int[]> _predictions = [];

    /// <summary>Loads <c>t10k-images-idx3-ubyte.gz</c>/<c>t10k-labels-idx1-ubyte.gz</c> from <paramref name="directory"/> and drops the embedded validation images.</summary>
    /// <param name="directory">The original Fashion-MNIST release (e.g. Debian's /usr/share/datasets/fashion-mnist).</param>
    /// <param name="flatten">The same flattening the sweep applies to its tables.</param>
    public HeldOutCheck(string directory, Func<DataTable, DataTable> flatten)
    {
        string images = Path.Combine(directory, "t10k-images-idx3-ubyte.gz"), labels = Path.Combine(directory, "t10k-labels-idx1-ubyte.gz");
        foreach (var path in new[] { images, labels })
            if (!File.Exists(path))
                throw new FileNotFoundException($"--heldout: '{path}' does not exist; pass the directory of the original Fashion-MNIST .gz files.", path);
        var options = new IdxLoaderOptions { ClassNames = SampleData.FashionMnistClassNames, Scaling = PixelScaling.UnitInterval };
        var full = flatten(IdxLoader.LoadPair(images, labels, options));
        var embedded = flatten(SampleData.FashionMnistTest());
        var seen = new HashSet<string>(Rows(embedded).Select(r => r.Key));
        var keep = Rows(full).Where(r => !seen.Contains(r.Key)).Select(r => r.Row).ToArray();
        if (full.RowCount - keep.Length != embedded.RowCount)
            throw new InvalidDataException($"--heldout: expected to find the {embedded.RowCount} embedded validation images among the {full.RowCount} test images, found {full.RowCount - keep.Length}.");
        _images = full.Gather(keep);
        _labels = _images.GetColumn<KeyColumn>("Label").Keys.ToArray();
    }

    /// <summary>Forgets every trial's predictions (a new sweep numbers its trials from 0 again).</summary>
    public void Reset() => _predictions.Clear();

    /// <summary>Number of held-out images.</summary>
    public int RowCount => _labels.Length;

    /// <summary>Scores trial <paramref name="trial"/>'s fitted model; a trial scored before must predict exactly the same (runs are deterministic).</summary>
    public void Record(int trial, ITransformer model)
    {
        var predicted = model.Transform(_images).GetColumn<KeyColumn>("PredictedLabel").Keys.ToArray();
        if (_predictions.TryGetValue(trial, out var earlier) && !earlier.AsSpan().SequenceEqual(predicted))
            throw new InvalidOperationException($"Trial {trial} predicted differently on the held-out images in two runs: the sweep is not deterministic, so its runs cannot be compared trial by trial.");
        _predictions[trial] = predicted;
    }

    /// <summary>Held-out accuracy of trial <paramref name="trial"/> (scored by <see cref="Record"/>).</summary>
    public double Accuracy(int trial)
    {
        var p = _predictions[trial];
        int correct = 0;
        for (int i = 0; i < p.Length; i++)
            correct += p[i] == _labels[i] ? 1 : 0;
        return (double)correct / p.Length;
    }

    /// <summary>Binomial standard error of an accuracy <paramref name="p"/> on the held-out images.</summary>
    public double StandardError(double p) => Math.Sqrt(p * (1 - p) / RowCount);

    /// <summary>
    /// Images only trial <paramref name="a"/> gets right, images only <paramref name="b"/> gets right, and the exact
    /// two-sided McNemar p-value (binomial test of the discordant pairs at ½).
    /// </summary>
    public (int OnlyA, int OnlyB, double PValue) McNemar(int a, int b)
    {
        int onlyA = 0, onlyB = 0;
        var pa = _predictions[a];
        var pb = _predictions[b];
        for (int i = 0; i < pa.Length; i++)
        {
            bool ra = pa[i] == _labels[i], rb = pb[i] == _labels[i];
            onlyA += ra && !rb ? 1 : 0;
            onlyB += rb && !ra ? 1 : 0;
        }
        return (onlyA, onlyB, ExactTwoSided(Math.Min(onlyA, onlyB), onlyA + onlyB));
    }

    /// <summary>P(X ≤ k) · 2 for X ~ Binomial(n, ½), capped at 1: the exact two-sided test of equal discordance.</summary>
    internal static double ExactTwoSided(int k, int n)
    {
        if (n == 0)
            return 1;
        // Sum in log space: n reaches thousands, where C(n, i) / 2ⁿ underflows term by term.
        double logHalfN = -n * Math.Log(2), sum = 0, logC = 0;
        for (int i = 0; i <= k; i++)
        {
            if (i > 0)
                logC += Math.Log(n - i + 1) - Math.Log(i);
            sum += Math.Exp(logC + logHalfN);
        }
        return Math.Min(1, 2 * sum);
    }

    // Each row's 784 features as a key (exact float bits), for matching the embedded images in the full split.
    private static List<(string Key, int Row)> Rows(DataTable table)
    {
        var features = table.GetColumn<VectorColumn>("Features");
        int size = features.Size;
        var rows = new List<(string, int)>(table.RowCount);
        for (int r = 0; r < table.RowCount; r++)
            rows.Add((Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.Data.Slice(r * size, size))), r));
        return rows;
    }
}
