using System.Numerics.Tensors;
using PipelineExtensions.Data;
using static PipelineExtensions.Diagnostics.EvidenceFormat;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// Finds feature dimensions that hold one value on every training row (minimum = maximum; a dimension with a NaN
/// is left to <see cref="NonFiniteValuesDetector"/>). Fires from <see cref="ConstantFeaturesOptions.MinConstantFeatures"/>
/// such dimensions: information, a warning from <see cref="ConstantFeaturesOptions.WarningFraction"/> of the
/// dimensions, critical when all are constant.
/// </summary>
public sealed class ConstantFeaturesDetector : PlateauDetector<ConstantFeaturesOptions>
{
    /// <summary>Creates the detector; null options take the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public ConstantFeaturesDetector(ConstantFeaturesOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "constant features";

    /// <inheritdoc />
    public override IEnumerable<Finding> Detect(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = input.Data;
        if (data is null || data.TrainFeatures.Length < 2)
            yield break;
        var (min, max) = Range(data.TrainFeatures);
        var constant = new List<int>();
        for (int f = 0; f < min.Length; f++)
            if (min[f] == max[f])
                constant.Add(f);
        if (constant.Count < Thresholds.MinConstantFeatures)
            yield break;
        int d = min.Length;
        double fraction = constant.Count / (double)d;
        var severity = constant.Count == d ? Severity.Critical : fraction >= Thresholds.WarningFraction ? Severity.Warning : Severity.Info;
        var evidence = new List<Evidence>
        {
            new("constant feature dimensions", constant.Count, Count, "≥", Thresholds.MinConstantFeatures),
            new("share of the dimensions", fraction, Percent),
            new("feature dimensions", d, Count),
        };
        foreach (int f in constant.Take(5))
            evidence.Add(new($"value of dimension {f}", min[f]));
        string note = data.FeaturesAreImages
            ? " In images these are usually border pixels that are blank on every picture; a convolutional model ignores them, a dense one wastes weights on them."
            : "";
        yield return new Finding(FindingKind.ConstantFeatures, Name, severity, fraction,
            $"{constant.Count} of {d} feature dimensions are constant on every training row",
            "A constant input carries no information about the label and, unscaled, can slow optimisation." + note,
            evidence, [StandardRemedies.DropConstantFeatures(constant.Count)],
            new AffectedItems(AffectedKind.Features, constant.Take(Thresholds.MaxListedFeatures).ToArray(), constant.Count));
    }

    // Element-wise minimum and maximum over the rows: per-block partials on every core, then merged.
    private static (float[] Min, float[] Max) Range(VectorColumn column)
    {
        int d = column.Size, n = column.Length;
        const int block = 512;
        int blocks = (n + block - 1) / block;
        var partial = new (float[] Min, float[] Max)[blocks];
        Parallel.For(0, blocks, b =>
        {
            int start = b * block, end = Math.Min(n, start + block);
            float[] lo = column.Row(start).ToArray(), hi = (float[])lo.Clone();
            for (int i = start + 1; i < end; i++)
            {
                var row = column.Row(i);
                TensorPrimitives.Min(lo, row, lo);
                TensorPrimitives.Max(hi, row, hi);
            }
            partial[b] = (lo, hi);
        });
        var (min, max) = partial[0];
        for (int b = 1; b < blocks; b++)
        {
            TensorPrimitives.Min(min, partial[b].Min, min);
            TensorPrimitives.Max(max, partial[b].Max, max);
        }
        return (min, max);
    }
}
