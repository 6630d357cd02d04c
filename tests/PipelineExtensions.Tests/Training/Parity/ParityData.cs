using System.Text.Json.Nodes;

namespace PipelineExtensions.Tests.Training.Parity;

/// <summary>Loads the reference JSON files copied next to the test assembly.</summary>
internal static class ParityData
{
    private static readonly Lazy<JsonObject> SchedulesJson = new(() => Load("schedules.json"));
    private static readonly Lazy<JsonObject> MetricsJson = new(() => Load("classification_metrics.json"));

    public static JsonObject Schedules => SchedulesJson.Value;

    public static JsonObject ClassificationMetrics => MetricsJson.Value;

    public static double[] Doubles(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    /// <summary>Parses Python's float.hex() output exactly.</summary>
    public static double FromHex(string hex)
    {
        bool negative = hex.StartsWith('-');
        if (negative)
            hex = hex[1..];
        if (hex is "inf")
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        int p = hex.IndexOf('p');
        string mantissa = hex[2..p];
        int exponent = int.Parse(hex[(p + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string intPart = dot < 0 ? mantissa : mantissa[..dot];
        string fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        ulong bits = Convert.ToUInt64(intPart + fraction, 16);
        double value = Math.ScaleB(bits, exponent - 4 * fraction.Length);
        return negative ? -value : value;
    }

    private static JsonObject Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Training", "Parity", name);
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }
}
