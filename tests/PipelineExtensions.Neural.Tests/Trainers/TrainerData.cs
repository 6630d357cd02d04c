using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Tests.Trainers;

/// <summary>Small seeded data sets for trainer tests.</summary>
internal static class TrainerData
{
    /// <summary>Gaussian blobs: class c centred at separation·e_c (in the first K coordinates) with unit noise.</summary>
    public static DataTable Blobs(int rows, int classes, int features, double separation, int seed, float[]? weights = null, int[]? labelsOverride = null)
    {
        var rng = new SeededRandom(seed);
        var x = new float[rows * features];
        var y = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            y[i] = labelsOverride?[i] ?? i % classes;
            for (int j = 0; j < features; j++)
                x[i * features + j] = (float)((j == y[i] % features ? separation : 0) + rng.NextGaussian());
        }
        var columns = new List<DataColumn>
        {
            new VectorColumn("Features", ColumnType.Vector(features), x),
            new KeyColumn("Label", ColumnType.Key(Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray()), y),
        };
        if (weights is not null)
            columns.Add(new ScalarColumn<float>("Weight", weights));
        return new DataTable(columns);
    }

    /// <summary>1×8×8 images: class c lights up quadrant c (of 4) on a noisy background.</summary>
    public static DataTable Quadrants(int rows, int seed, int classes = 4)
    {
        var rng = new SeededRandom(seed);
        var x = new float[rows * 64];
        var y = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            y[i] = i % classes;
            int qy = y[i] / 2 * 4, qx = y[i] % 2 * 4;
            for (int r = 0; r < 8; r++)
                for (int c = 0; c < 8; c++)
                {
                    bool lit = r >= qy && r < qy + 4 && c >= qx && c < qx + 4;
                    x[i * 64 + r * 8 + c] = (float)((lit ? 0.8 : 0.1) + 0.15 * rng.NextGaussian());
                }
        }
        return new DataTable(
            new VectorColumn("Image", ColumnType.Image(1, 8, 8), x),
            new KeyColumn("Label", ColumnType.Key(Enumerable.Range(0, classes).Select(c => $"q{c}").ToArray()), y));
    }

    public static double Accuracy(DataTable scored)
    {
        var label = scored.GetColumn<KeyColumn>("Label");
        return ConfusionMatrix.FromPredictions(label.Keys, scored.GetColumn<KeyColumn>("PredictedLabel").Keys, label.KeyType.Count).Accuracy;
    }
}
