using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineExtensions.Cli.Reports;

/// <summary>Escaping and formatting for the report: every user-provided string goes through <see cref="Text"/> or into JSON.</summary>
internal static class Html
{
    // The default encoder escapes <, >, &, ' and " as \uXXXX, so JSON can sit inside a <script> block safely.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>HTML-escapes text for element content and attribute values.</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A JSON text safe to place inside a script element.</summary>
    public static string Json(JsonNode node) => node.ToJsonString(JsonOptions);

    /// <summary>Numbers as JSON, non-finite ones as null (a gap in a chart).</summary>
    public static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => double.IsFinite(v) ? (JsonNode?)JsonValue.Create(v) : null).ToArray());

    /// <summary>Strings as JSON.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>A number for a table cell: 4 significant digits, invariant culture.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "–" : value.ToString("G4", CultureInfo.InvariantCulture);
}
