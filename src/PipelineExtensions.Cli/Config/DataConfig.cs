namespace PipelineExtensions.Cli.Config;

/// <summary>The <c>data</c> section: the training source, the validation rows and the columns.</summary>
public sealed class DataConfig
{
    /// <summary>The embedded samples a source can name instead of a file.</summary>
    public static IReadOnlyList<string> EmbeddedSources { get; } = ["fashion-mnist", "fashion-mnist-test", "credit-like"];

    /// <summary>Training data: an embedded sample (<see cref="EmbeddedSources"/>) or a CSV / IDX / Arrow file (relative to the config). Default "fashion-mnist".</summary>
    public string Source { get; init; } = "fashion-mnist";

    /// <summary>Validation data (embedded name or file); null holds out <see cref="ValidationFraction"/> of the source, stratified. Default null.</summary>
    public string? Validation { get; init; }

    /// <summary>Fraction held out for validation when <see cref="Validation"/> is null, in [0.05, 0.5]. Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>The class column (a CSV column is read as a key). Default "Label".</summary>
    public string Label { get; init; } = "Label";

    /// <summary>The feature columns: one vector or image column, or several numeric columns to concatenate. Default ["Image"].</summary>
    public IReadOnlyList<string> Features { get; init; } = ["Image"];

    /// <summary>Optional: keep a step-imbalanced subset of the source (as the demo does). Default none.</summary>
    public ImbalanceConfig? Imbalance { get; init; }

    /// <summary>Seed of the split and the subset. Default 1.</summary>
    public int Seed { get; init; } = 1;

    internal void Validate(ConfigChecker check, string path)
    {
        check.NotEmpty($"{path}.source", Source);
        if (Validation is not null)
            check.NotEmpty($"{path}.validation", Validation);
        check.Range($"{path}.validation_fraction", ValidationFraction, 0.05, 0.5);
        check.NotEmpty($"{path}.label", Label);
        if (Features is null || Features.Count == 0)
            throw check.Fail($"{path}.features", "expected at least one column name");
        for (int i = 0; i < Features.Count; i++)
            check.NotEmpty($"{path}.features[{i}]", Features[i]);
        Imbalance?.Validate(check, $"{path}.imbalance");
    }
}

/// <summary>A step imbalance: half the classes keep <see cref="Largest"/> rows, the others <c>Largest / Ratio</c>.</summary>
public sealed class ImbalanceConfig
{
    /// <summary>Rows kept of a large class. Default 200.</summary>
    public int Largest { get; init; } = 200;

    /// <summary>Large : small class, in [1, 1000]. Default 40.</summary>
    public double Ratio { get; init; } = 40;

    internal void Validate(ConfigChecker check, string path)
    {
        check.Range($"{path}.largest", Largest, 2, 1_000_000);
        check.Range($"{path}.ratio", Ratio, 1, 1000);
    }
}
