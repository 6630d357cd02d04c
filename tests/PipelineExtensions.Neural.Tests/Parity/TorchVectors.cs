using System.Text.Json.Nodes;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Parity;

/// <summary>Reads torch_vectors.json (written by make_vectors.py with PyTorch 1.13; committed, so tests need no Python).</summary>
internal static class TorchVectors
{
    private static readonly Lazy<JsonObject> Cases = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Parity", "torch_vectors.json");
        return JsonNode.Parse(File.ReadAllText(path))!["cases"]!.AsObject();
    });

    public static JsonObject Case(string name) => Cases.Value[name]?.AsObject() ?? throw new KeyNotFoundException($"No parity case '{name}'.");

    public static float[] Values(JsonNode node) => node["data"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();

    public static int[] Shape(JsonNode node) => node["shape"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();

    public static Tensor ToTensor(JsonNode node, bool requiresGrad = false)
    {
        var t = PipelineExtensions.Neural.Tensors.Tensor.FromArray(Values(node), Shape(node));
        t.RequiresGrad = requiresGrad;
        return t;
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance·max(1, |expected|) element-wise, and equal shapes.</summary>
    public static void AssertClose(JsonNode expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(Shape(expected), actual.Shape.ToArray());
        AssertClose(Values(expected), actual.ToArray(), tolerance, what);
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: ours {actual[i]:G9}, torch {expected[i]:G9}");
    }
}
