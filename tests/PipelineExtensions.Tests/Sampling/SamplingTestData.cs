using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>Small tables and parity files for sampler tests.</summary>
internal static class SamplingTestData
{
    public static string[] ClassNames(int k) => Enumerable.Range(0, k).Select(i => $"c{i}").ToArray();

    /// <summary>A table with Gaussian features (class c shifted by c), a key label, a weight column and an id column.</summary>
    public static DataTable Table(int[] counts, int dimension = 3, long seed = 1, bool shuffle = true)
    {
        var rng = new SeededRandom(seed);
        var labels = counts.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        if (shuffle)
            rng.Shuffle(labels.AsSpan());
        int n = labels.Length;
        var x = new float[n * dimension];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < dimension; j++)
                x[i * dimension + j] = (float)(rng.NextGaussian() + labels[i]);
        return new DataTable(
            new VectorColumn("Features", ColumnType.Vector(dimension), x),
            new KeyColumn("Label", ColumnType.Key(ClassNames(counts.Length)), labels),
            new ScalarColumn<float>("Weight", Enumerable.Range(0, n).Select(i => 1f + i).ToArray()),
            new TextColumn("Id", Enumerable.Range(0, n).Select(i => (string?)$"row{i}").ToArray()));
    }

    public static int[] Counts(DataTable table, string label = "Label") => table.GetColumn<KeyColumn>(label).CountPerClass();

    public static JsonNode Parity(string relativePath)
    {
        string path = Path.Combine(AppContext.BaseDirectory, relativePath);
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })!;
    }
}
