using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Randomness;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Diagnostics;

/// <summary>Synthetic histories, data and predictions with known problems (or none).</summary>
internal static class DiagnosisTestData
{
    public const int RowsPerClass = 200;

    /// <summary>A balanced K-class confusion matrix whose every class has recall <paramref name="accuracy"/>.</summary>
    public static ConfusionMatrix Confusion(int k, double accuracy, int perClass = RowsPerClass)
    {
        var counts = new long[k * k];
        for (int c = 0; c < k; c++)
        {
            int correct = (int)Math.Round(accuracy * perClass);
            counts[c * k + c] = correct;
            counts[c * k + (c + 1) % k] += perClass - correct;
        }
        return ConfusionMatrix.FromCounts(k, counts);
    }

    /// <summary>A matrix where every row, whatever its class, is predicted as class 0.</summary>
    public static ConfusionMatrix Collapsed(params long[] supports)
    {
        int k = supports.Length;
        var counts = new long[k * k];
        for (int c = 0; c < k; c++)
            counts[c * k] = supports[c];
        return ConfusionMatrix.FromCounts(k, counts);
    }

    /// <summary>A history from per-epoch series; accuracies default to a mid value, the matrices follow them.</summary>
    public static TrainingHistory History(double[] trainLoss, double[]? valLoss = null, double[]? trainAcc = null, double[]? valAcc = null,
        double learningRate = 1e-3, int classes = 2, Func<int, ConfusionMatrix>? valConfusion = null)
    {
        var history = new TrainingHistory();
        int n = trainLoss.Length;
        for (int e = 0; e < n; e++)
        {
            var train = new EpochMetrics(trainLoss[e], Confusion(classes, trainAcc?[e] ?? 0.7));
            EpochMetrics? val = valLoss is null ? null
                : new EpochMetrics(valLoss[e], valConfusion?.Invoke(e) ?? Confusion(classes, valAcc?[e] ?? 0.7));
            history.Add(new EpochReport(e, n, learningRate, (e + 1) * 100L, TimeSpan.FromSeconds(1), train, val));
        }
        return history;
    }

    /// <summary>A healthy run: both losses fall fast, then level off; accuracy climbs to 95%.</summary>
    public static TrainingHistory Healthy(int epochs = 20, int classes = 2)
    {
        var train = Series(epochs, e => 0.1 + 0.6 * Math.Exp(-e / 3.0));
        var val = Series(epochs, e => 0.15 + 0.6 * Math.Exp(-e / 3.0));
        var acc = Series(epochs, e => 0.95 - 0.4 * Math.Exp(-e / 3.0));
        return History(train, val, acc, acc.Select(a => a - 0.02).ToArray(), classes: classes);
    }

    public static double[] Series(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();

    /// <summary>Gaussian blobs, one per class, well apart; <paramref name="counts"/> rows per class.</summary>
    public static DataTable Blobs(int[] counts, int dimension = 8, double spread = 0.5, long seed = 1, string[]? names = null)
    {
        var random = new SeededRandom(seed);
        int n = counts.Sum();
        var features = new float[n * dimension];
        var labels = new int[n];
        int row = 0;
        for (int c = 0; c < counts.Length; c++)
            for (int i = 0; i < counts[c]; i++, row++)
            {
                labels[row] = c;
                for (int f = 0; f < dimension; f++)
                    features[row * dimension + f] = (float)((f % counts.Length == c ? 4.0 : 0.0) + spread * random.NextGaussian());
            }
        names ??= Enumerable.Range(0, counts.Length).Select(c => $"class{c}").ToArray();
        return new DataTable(
            new VectorColumn("Features", ColumnType.Vector(dimension), features),
            new KeyColumn("Label", ColumnType.Key(names), labels));
    }

    /// <summary>The table with the label of the given rows moved to the next class.</summary>
    public static DataTable FlipLabels(DataTable table, IEnumerable<int> rows)
    {
        var labels = table.GetColumn<KeyColumn>("Label");
        var keys = labels.Keys.ToArray();
        foreach (int r in rows)
            keys[r] = (keys[r] + 1) % labels.KeyType.Count;
        return table.WithColumn(new KeyColumn("Label", labels.KeyType, keys));
    }

    /// <summary>The table with feature values replaced: <paramref name="edit"/> gets the row-major array.</summary>
    public static DataTable EditFeatures(DataTable table, Action<float[], int> edit)
    {
        var features = table.GetColumn<VectorColumn>("Features");
        var data = features.Data.ToArray();
        edit(data, features.Size);
        return table.WithColumn(new VectorColumn("Features", features.VectorType, data));
    }

    /// <summary>Good predictions: every class right with probability <paramref name="accuracy"/> (seeded).</summary>
    public static DiagnosisPredictions Predictions(int[] actual, int classes, double accuracy, long seed = 3)
    {
        var random = new SeededRandom(seed);
        var predicted = actual.Select(a => random.NextDouble() < accuracy ? a : (a + 1) % classes).ToArray();
        return new DiagnosisPredictions(actual, predicted, Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray());
    }

    public static int[] Labels(params int[] counts) => counts.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();

    public static DiagnosisInput Input(TrainingHistory? history = null, DiagnosisData? data = null, DiagnosisPredictions? predictions = null) =>
        new(history, data, predictions);
}
