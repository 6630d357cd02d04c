using System.Text.Json;
using System.Text.Json.Serialization;

namespace PipelineExtensions.AutoML.Storage;

// JSON columns of the trial table: name → number maps (parameters, metrics, system attributes; NaN and ±∞
// allowed) and name → string maps (user attributes).
internal static class TrialJson
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Write(IReadOnlyDictionary<string, double> values) => JsonSerializer.Serialize(values, Options);

    public static string Write(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values, Options);

    public static Dictionary<string, double> ReadNumbers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json, Options) ?? [];

    public static Dictionary<string, string> ReadStrings(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];
}
