using System.Globalization;
using System.Text.Json.Nodes;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Reports;

/// <summary>A confusion matrix as a heatmap: colour = share of the true class, number = rows.</summary>
internal sealed class ConfusionMatrixSection(string heading, ConfusionMatrix matrix, IReadOnlyList<string> classNames) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer)
    {
        var ci = CultureInfo.InvariantCulture;
        string P(double x) => Evidence.Display(x, EvidenceFormat.Percent);
        writer.Note(string.Create(ci, $"{matrix.Total} rows; accuracy {P(matrix.Accuracy)}, balanced accuracy {P(matrix.BalancedAccuracy)}, macro F1 {P(matrix.MacroF1)}. Rows: true class; columns: predicted class; colour: share of the true class."));
        writer.Raw("<div class=\"charts\">\n");
        writer.Chart("Confusion matrix", new JsonObject
        {
            ["kind"] = "matrix",
            ["classes"] = Html.Strings(classNames),
            ["counts"] = Html.Numbers(matrix.Counts.ToArray().Select(c => (double)c)),
        }, square: true);
        writer.Raw("</div>\n");
    }
}
