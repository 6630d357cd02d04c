using System.Text.Json.Nodes;

namespace PipelineExtensions.AutoML.Tests.TestData;

/// <summary>Reference values from Optuna 3.1 and SciPy (Parity/make_parity.py → Parity/parity.json).</summary>
internal static class Parity
{
    private static readonly Lazy<JsonObject> Root = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Parity", "parity.json")))!);

    public static JsonNode Get(string key) => Root.Value[key] ?? throw new KeyNotFoundException($"parity.json has no '{key}'.");

    public static double[] Doubles(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
}
