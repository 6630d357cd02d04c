using System.Numerics.Tensors;
using PipelineExtensions.Data;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds NaN and infinite feature values (critical: one NaN row turns the loss and then every weight into NaN)
/// and rows without a label (−1; a warning), in the training and validation data.
/// </summary>
public sealed class NonFiniteValuesDetector : PlateauDetector<NonFiniteValuesOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public NonFiniteValuesDetector(NonFiniteValuesOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "non-finite values";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = input.Data;
        if (data is null)
            yield break;
        var (trainRows, trainValues) = Scan(data.TrainFeatures);
        var (valRows, valValues) = data.ValidationFeatures is null ? ([], 0L) : Scan(data.ValidationFeatures);
        var trainUnlabeled = Unlabeled(data.TrainLabels);
        int valUnlabeled = data.ValidationLabels is null ? 0 : Unlabeled(data.ValidationLabels).Count;
        bool badFeatures = trainRows.Count + valRows.Count > 0;
        if (!badFeatures && trainUnlabeled.Count + valUnlabeled == 0)
            yield break;
        var evidence = new List<Evidence>
        {
            new("training rows with NaN or ±∞ features", trainRows.Count, Count, trainRows.Count > 0 ? "≥" : null, trainRows.Count > 0 ? 1 : null),
            new("NaN or ±∞ values in the training features", trainValues, Count),
        };
        if (data.ValidationFeatures is not null)
        {
            evidence.Add(new("validation rows with NaN or ±∞ features", valRows.Count, Count));
            evidence.Add(new("NaN or ±∞ values in the validation features", valValues, Count));
        }
        evidence.Add(new("training rows without a label", trainUnlabeled.Count, Count));
        if (data.ValidationLabels is not null)
            evidence.Add(new("validation rows without a label", valUnlabeled, Count));
        var remedies = new List<Remedy>();
        if (badFeatures)
            remedies.Add(StandardRemedies.ImputeMissing());
        if (trainUnlabeled.Count + valUnlabeled > 0)
            remedies.Add(StandardRemedies.DropUnlabeledRows(trainUnlabeled.Count + valUnlabeled));
        var affected = badFeatures ? trainRows : trainUnlabeled;
        int n = data.TrainFeatures.Length;
        yield return new Finding(FindingKind.NonFiniteValues, Name, badFeatures ? Severity.Critical : Severity.Warning,
            n == 0 ? 1 : Math.Clamp((trainRows.Count + trainUnlabeled.Count) / (0.01 * n), 0, 1),
            badFeatures
                ? $"{trainRows.Count + valRows.Count} rows hold NaN or infinite feature values ({trainValues + valValues} values)"
                : $"{trainUnlabeled.Count + valUnlabeled} rows have no label",
            badFeatures
                ? "A single NaN feature makes that batch's loss NaN, and one optimizer step then spreads NaN into every weight. Impute or drop those values before training."
                : "Rows without a label are skipped by the metrics but may still reach samplers and weights; drop them explicitly.",
            evidence, remedies,
            new AffectedItems(AffectedKind.TrainRows, affected.Take(Thresholds.MaxListedRows).ToArray(), affected.Count));
    }

    private static (List<int> Rows, long Values) Scan(VectorColumn features)
    {
        var rows = new List<int>();
        long values = 0;
        for (int i = 0; i < features.Length; i++)
        {
            var row = features.Row(i);
            if (TensorPrimitives.IsFiniteAll(row))
                continue;
            rows.Add(i);
            foreach (float v in row)
                if (!float.IsFinite(v))
                    values++;
        }
        return (rows, values);
    }

    private static List<int> Unlabeled(KeyColumn labels)
    {
        var rows = new List<int>();
        var keys = labels.Keys;
        for (int i = 0; i < keys.Length; i++)
            if (keys[i] == KeyColumn.Missing)
                rows.Add(i);
        return rows;
    }
}
