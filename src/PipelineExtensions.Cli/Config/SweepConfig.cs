namespace PipelineExtensions.Cli.Config;

/// <summary>
/// The <c>sweep</c> section of <c>pipex sweep</c>: how many trials, what to maximise, and the search space — either
/// the plateau doctor's remedies (<see cref="Space"/> = "remedies": a plain run is trained and diagnosed first) or
/// explicit ranges over trainer settings.
/// </summary>
public sealed class SweepConfig
{
    /// <summary>The study's name in the store. Default "pipex".</summary>
    public string Study { get; init; } = "pipex";

    /// <summary>Trials to run, in [1, 10000]. Default 8.</summary>
    public int Trials { get; init; } = 8;

    /// <summary>The metric to maximise, measured on the validation rows: "balanced_accuracy", "accuracy" or "macro_f1". Default "balanced_accuracy".</summary>
    public string Metric { get; init; } = "balanced_accuracy";

    /// <summary>"remedies" (the doctor's search space) or "ranges" (<see cref="Ranges"/>). Default "remedies".</summary>
    public string Space { get; init; } = "remedies";

    /// <summary>With <see cref="Space"/> = "ranges": ranges over "learning_rate", "weight_decay", "dropout", "batch_size", "hidden_units".</summary>
    public IReadOnlyDictionary<string, RangeConfig>? Ranges { get; init; }

    /// <summary>Seed of the tuner. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The settings <see cref="Ranges"/> may name.</summary>
    public static IReadOnlyList<string> RangeNames { get; } = ["learning_rate", "weight_decay", "dropout", "batch_size", "hidden_units"];

    internal void Validate(ConfigChecker check, string path)
    {
        check.NotEmpty($"{path}.study", Study);
        check.Range($"{path}.trials", Trials, 1, 10000);
        check.OneOf($"{path}.metric", Metric, "balanced_accuracy", "accuracy", "macro_f1");
        check.OneOf($"{path}.space", Space, "remedies", "ranges");
        if (Space == "ranges")
        {
            if (Ranges is null || Ranges.Count == 0)
                throw check.Fail($"{path}.ranges", "expected at least one range when space is \"ranges\"");
            foreach (var (name, range) in Ranges)
            {
                check.OneOf($"{path}.ranges (key)", name, [.. RangeNames]);
                if (range is null)
                    throw check.Fail($"{path}.ranges.{name}", "expected an object with low and high");
                if (!(range.Low < range.High))
                    throw check.Fail($"{path}.ranges.{name}", $"expected low < high, got low {range.Low}, high {range.High}");
                if (range.Log && !(range.Low > 0))
                    throw check.Fail($"{path}.ranges.{name}.low", $"expected a positive low bound on a log scale, got {range.Low}");
            }
        }
    }
}

/// <summary>A numeric search range.</summary>
public sealed class RangeConfig
{
    /// <summary>Lower bound.</summary>
    public double Low { get; init; }

    /// <summary>Upper bound.</summary>
    public double High { get; init; }

    /// <summary>Search on a log scale. Default false.</summary>
    public bool Log { get; init; }
}
