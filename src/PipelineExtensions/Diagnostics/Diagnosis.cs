using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineExtensions.IO;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// The result of <see cref="PlateauDoctor.Diagnose"/>: the findings, ranked, and the remedies merged across them
/// into one plan (and one AutoML search space).
/// </summary>
public sealed class Diagnosis
{
    /// <summary>Creates a diagnosis from findings that are already ranked.</summary>
    public Diagnosis(IReadOnlyList<Finding> findings, IReadOnlyList<string> classNames)
    {
        Findings = findings ?? throw new ArgumentNullException(nameof(findings));
        ClassNames = classNames ?? throw new ArgumentNullException(nameof(classNames));
        Remedies = MergeRemedies(findings);
        SearchSpace = Remedies
            .SelectMany(r => r.Parameters.Where(p => p.IsSearchable).Select(p => new RemedySearchDimension($"{r.Kind}.{p.Name}", r, p)))
            .ToArray();
    }

    /// <summary>The findings, highest <see cref="Finding.Score"/> first.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The class names the findings refer to.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>True when no finding is a warning or critical.</summary>
    public bool IsHealthy => Findings.All(f => f.Severity == Severity.Info);

    /// <summary>The highest-ranked finding, or null.</summary>
    public Finding? Top => Findings.Count == 0 ? null : Findings[0];

    /// <summary>
    /// The remedies of all findings in rank order, one per <see cref="RemedyKind"/>; a remedy that sets an option a
    /// higher-ranked remedy already sets (same component and parameter, e.g. raising and lowering the learning rate)
    /// is left out, so the plan can be applied as a whole.
    /// </summary>
    public IReadOnlyList<Remedy> Remedies { get; }

    /// <summary>The searchable parameters of <see cref="Remedies"/>: the space to hand an AutoML sweep.</summary>
    public IReadOnlyList<RemedySearchDimension> SearchSpace { get; }

    /// <summary>True when a finding of <paramref name="kind"/> was made.</summary>
    public bool Has(FindingKind kind) => Findings.Any(f => f.Kind == kind);

    /// <summary>The first finding of <paramref name="kind"/>, or null.</summary>
    public Finding? Find(FindingKind kind) => Findings.FirstOrDefault(f => f.Kind == kind);

    /// <summary>The diagnosis as JSON (format <c>pipex-diagnosis</c>, version 1): findings with evidence, remedies and affected items, the merged plan and the search space.</summary>
    public JsonObject ToJson() => new()
    {
        ["format"] = "pipex-diagnosis",
        ["version"] = 1,
        ["healthy"] = IsHealthy,
        ["class_names"] = new JsonArray(ClassNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        ["findings"] = new JsonArray(Findings.Select(f => (JsonNode?)FindingJson(f)).ToArray()),
        ["remedies"] = new JsonArray(Remedies.Select(r => (JsonNode?)RemedyJson(r)).ToArray()),
        ["search_space"] = new JsonArray(SearchSpace.Select(d => (JsonNode?)new JsonObject
        {
            ["name"] = d.Name,
            ["remedy"] = d.Remedy.Kind.ToString(),
            ["component"] = d.Remedy.Component,
            ["parameter"] = ParameterJson(d.Parameter),
        }).ToArray()),
    };

    /// <summary>Writes <see cref="ToJson"/> indented, atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>A plain-text report: each finding with its evidence and remedies.</summary>
    public override string ToString()
    {
        if (Findings.Count == 0)
            return "No problems found.";
        var sb = new StringBuilder();
        for (int i = 0; i < Findings.Count; i++)
        {
            var f = Findings[i];
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1}. [{f.Severity}] {f.Title}").AppendLine();
            foreach (var e in f.Evidence)
                sb.Append("     · ").Append(e).AppendLine();
            foreach (var r in f.Remedies)
                sb.Append("     → ").Append(r).AppendLine();
        }
        return sb.ToString().TrimEnd();
    }

    private static Remedy[] MergeRemedies(IReadOnlyList<Finding> findings)
    {
        var kinds = new HashSet<RemedyKind>();
        var options = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<Remedy>();
        foreach (var remedy in findings.SelectMany(f => f.Remedies))
        {
            if (kinds.Contains(remedy.Kind))
                continue;
            var keys = remedy.Parameters.Select(p => $"{remedy.Component}.{p.Name}").ToArray();
            if (remedy.Stage != PipelineStage.Data && keys.Any(options.Contains))
                continue;
            kinds.Add(remedy.Kind);
            if (remedy.Stage != PipelineStage.Data)
                options.UnionWith(keys);
            merged.Add(remedy);
        }
        return merged.ToArray();
    }

    private static JsonObject FindingJson(Finding f)
    {
        var node = new JsonObject
        {
            ["kind"] = f.Kind.ToString(),
            ["detector"] = f.Detector,
            ["severity"] = f.Severity.ToString(),
            ["confidence"] = f.Confidence,
            ["score"] = f.Score,
            ["title"] = f.Title,
            ["explanation"] = f.Explanation,
            ["evidence"] = new JsonArray(f.Evidence.Select(e => (JsonNode?)new JsonObject
            {
                ["name"] = e.Name,
                ["value"] = Number(e.Value),
                ["display"] = e.DisplayValue,
                ["comparison"] = e.Comparison,
                ["threshold"] = e.Threshold is double t ? Number(t) : null,
            }).ToArray()),
            ["remedies"] = new JsonArray(f.Remedies.Select(r => (JsonNode?)RemedyJson(r)).ToArray()),
        };
        if (f.Affected is { } a)
            node["affected"] = new JsonObject
            {
                ["what"] = a.What.ToString(),
                ["total"] = a.Total,
                ["indices"] = new JsonArray(a.Indices.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            };
        return node;
    }

    private static JsonObject RemedyJson(Remedy r) => new()
    {
        ["kind"] = r.Kind.ToString(),
        ["stage"] = r.Stage.ToString(),
        ["component"] = r.Component,
        ["description"] = r.Description,
        ["parameters"] = new JsonArray(r.Parameters.Select(p => (JsonNode?)ParameterJson(p)).ToArray()),
    };

    private static JsonObject ParameterJson(RemedyParameter p) => new()
    {
        ["name"] = p.Name,
        ["value"] = p.Number is double n ? Number(n) : JsonValue.Create(p.Text),
        ["low"] = p.Low is double lo ? Number(lo) : null,
        ["high"] = p.High is double hi ? Number(hi) : null,
        ["log_scale"] = p.LogScale,
        ["choices"] = p.Choices is null ? null : new JsonArray(p.Choices.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
    };

    // JSON has no NaN or infinities: they travel as strings, as in the training history.
    private static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));
}
