using System.Globalization;
using System.Text.Json.Nodes;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Reports;

/// <summary>
/// Loss and accuracy curves of a run (training and validation) with the learning rate on a second axis and
/// vertical markers where the rate was cut, where early stopping fired, where the run diverged and which
/// epoch's weights were restored.
/// </summary>
internal sealed class LearningCurvesSection(string heading, TrainingHistory history) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer)
    {
        if (history.Epochs.Count == 0)
        {
            writer.Note("The run has no completed epochs.");
            return;
        }
        bool validation = history.Epochs[^1].Validation is not null;
        var epochs = Html.Numbers(history.Epochs.Select(e => (double)(e.Epoch + 1)));
        double[] lr = history.LearningRates;
        bool lrLog = lr.All(v => v > 0) && lr.Max() / lr.Min() > 3;
        var markers = Markers();
        writer.Note(Summary());
        writer.Raw("<div class=\"charts\">\n");
        var loss = new List<(string, string, string)> { ("training loss", MetricNames.Loss, "train") };
        var accuracy = new List<(string, string, string)> { ("training accuracy", MetricNames.Accuracy, "train") };
        if (validation)
        {
            loss.Add(("validation loss", MetricNames.ValidationLoss, "validation"));
            accuracy.Add(("validation accuracy", MetricNames.ValidationAccuracy, "validation"));
            accuracy.Add(("validation balanced accuracy", MetricNames.ValidationBalancedAccuracy, "balanced"));
        }
        writer.Chart("Loss", Spec(loss, "loss", null, null, epochs, lr, lrLog, markers));
        writer.Chart("Accuracy", Spec(accuracy, "accuracy", 0, 1, epochs, lr, lrLog, markers));
        writer.Raw("</div>\n");
    }

    private JsonObject Spec(List<(string Label, string Metric, string Role)> series, string yTitle, double? yMin, double? yMax,
        JsonArray epochs, double[] lr, bool lrLog, JsonArray markers) => new()
    {
        ["kind"] = "curves",
        ["epochs"] = epochs.DeepClone(),
        ["series"] = new JsonArray(series.Select(s => (JsonNode?)new JsonObject
        {
            ["label"] = s.Label,
            ["role"] = s.Role,
            ["dashed"] = s.Role == "balanced",
            ["values"] = Html.Numbers(history.Series(s.Metric)),
        }).ToArray()),
        ["learningRates"] = Html.Numbers(lr),
        ["lrLog"] = lrLog,
        ["yTitle"] = yTitle,
        ["yMin"] = yMin,
        ["yMax"] = yMax,
        ["markers"] = markers.DeepClone(),
    };

    private JsonArray Markers()
    {
        var ci = CultureInfo.InvariantCulture;
        var markers = new JsonArray();
        void Add(int epoch, string kind, string label) =>
            markers.Add(new JsonObject { ["epoch"] = epoch + 1, ["kind"] = kind, ["label"] = label });
        foreach (var e in history.Events)
        {
            switch (e.Kind)
            {
                case TrainingEventKind.LearningRateChanged when e.From is double from && e.To is double to:
                    Add(e.Epoch, to < from ? "cut" : "other", to < from ? string.Create(ci, $"LR ÷{from / to:0.#} → {to:G2}") : string.Create(ci, $"LR → {to:G2}"));
                    break;
                case TrainingEventKind.EarlyStopped:
                    Add(e.Epoch, "stop", "early stop");
                    break;
                case TrainingEventKind.DivergenceDetected:
                    Add(e.Epoch, "divergence", "divergence");
                    break;
            }
        }
        if (history.StopReason == StopReason.EarlyStopping && !history.Events.Any(e => e.Kind == TrainingEventKind.EarlyStopped))
            Add(history.Epochs[^1].Epoch, "stop", "early stop");
        if (history.RestoredEpoch is int restored)
            Add(restored, "restore", "best weights restored");
        return markers;
    }

    private string Summary()
    {
        var last = history.Epochs[^1];
        var ci = CultureInfo.InvariantCulture;
        string text = string.Create(ci, $"{history.Epochs.Count} epochs; final training loss {last.Train.Loss:G4}");
        if (last.Validation is { } v)
            text += string.Create(ci, $", validation loss {v.Loss:G4}, validation balanced accuracy {Evidence.Display(v.BalancedAccuracy, EvidenceFormat.Percent)}");
        text += history.StopReason switch
        {
            StopReason.EarlyStopping => ". Stopped early",
            StopReason.Diverged => ". Stopped: diverged",
            StopReason.EpochsCompleted => ". All planned epochs ran",
            _ => "",
        };
        if (history.RestoredEpoch is int r)
            text += string.Create(ci, $"; the weights of epoch {r + 1} were restored");
        return text + ". Dashed purple lines: learning-rate cuts; red: early stop; green: restored epoch.";
    }
}
