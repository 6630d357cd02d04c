using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds leakage between the splits: validation rows whose feature vector is bit-for-bit a training row's (found
/// by hashing every training row). Fires when at least <see cref="DuplicatesAcrossSplitsOptions.MinFraction"/> of
/// the validation rows (and at least one) are copies; a warning, critical from
/// <see cref="DuplicatesAcrossSplitsOptions.CriticalFraction"/>. Leaked rows make the validation figures optimistic
/// and hide overfitting.
/// </summary>
public sealed class DuplicatesAcrossSplitsDetector : PlateauDetector<DuplicatesAcrossSplitsOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public DuplicatesAcrossSplitsDetector(DuplicatesAcrossSplitsOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "duplicates across splits";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = input.Data;
        if (data?.ValidationFeatures is not { Length: > 0 } valFeatures || data.TrainFeatures.Length == 0)
            yield break;
        var index = new RowIndex(data.TrainFeatures);
        ulong[] valHashes = RowIndex.HashRows(valFeatures);
        var leaked = new List<int>();
        int sameLabel = 0;
        var trainLabels = data.TrainLabels.Keys;
        var valLabels = data.ValidationLabels!.Keys;
        for (int i = 0; i < valFeatures.Length; i++)
        {
            int twin = index.Find(valFeatures.Row(i), valHashes[i]);
            if (twin < 0)
                continue;
            leaked.Add(i);
            if (trainLabels[twin] == valLabels[i])
                sameLabel++;
        }
        double fraction = leaked.Count / (double)valFeatures.Length;
        if (leaked.Count == 0 || fraction < Thresholds.MinFraction)
            yield break;
        var severity = fraction >= Thresholds.CriticalFraction ? Severity.Critical : Severity.Warning;
        yield return new Finding(FindingKind.DuplicatesAcrossSplits, Name, severity,
            DetectorMath.Scale(fraction, Thresholds.MinFraction, Thresholds.CriticalFraction),
            $"{leaked.Count} validation rows ({Evidence.Display(fraction, Percent)}) are exact copies of training rows",
            "The model is validated partly on rows it trained on, so the validation figures are too optimistic and overfitting is hidden. De-duplicate before splitting, or drop the copies from the validation set.",
            [
                new("share of validation rows that copy a training row", fraction, Percent, "≥", Thresholds.MinFraction),
                new("validation rows that copy a training row", leaked.Count, Count),
                new("validation rows", valFeatures.Length, Count),
                new("copies whose label matches the training row's", leaked.Count == 0 ? 0 : sameLabel / (double)leaked.Count, Percent),
            ],
            [StandardRemedies.RemoveLeakedRows(leaked.Count)],
            new AffectedItems(AffectedKind.ValidationRows, leaked.Take(Thresholds.MaxListedRows).ToArray(), leaked.Count));
    }
}
