namespace PipelineExtensions.Cli.Config;

/// <summary>The <c>callbacks</c> section: the training policies.</summary>
public sealed class CallbacksConfig
{
    /// <summary>Early stopping, or null for none.</summary>
    public EarlyStoppingConfig? EarlyStopping { get; init; }

    /// <summary>Reduce-on-plateau, or null for none.</summary>
    public ReduceLrConfig? ReduceLrOnPlateau { get; init; }

    /// <summary>The metrics a callback may monitor.</summary>
    public static IReadOnlyList<string> Metrics { get; } =
        ["val_loss", "val_accuracy", "val_balanced_accuracy", "val_macro_f1", "loss", "accuracy", "balanced_accuracy", "macro_f1"];

    internal void Validate(ConfigChecker check, string path)
    {
        if (EarlyStopping is { } es)
        {
            check.OneOf($"{path}.early_stopping.monitor", es.Monitor, [.. Metrics]);
            check.Range($"{path}.early_stopping.patience", es.Patience, 0, 10000);
        }
        if (ReduceLrOnPlateau is { } lr)
        {
            check.OneOf($"{path}.reduce_lr_on_plateau.monitor", lr.Monitor, [.. Metrics]);
            check.Range($"{path}.reduce_lr_on_plateau.factor", lr.Factor, 1e-6, 0.999999);
            check.Range($"{path}.reduce_lr_on_plateau.patience", lr.Patience, 0, 10000);
        }
    }
}

/// <summary>Early stopping (Keras semantics).</summary>
public sealed class EarlyStoppingConfig
{
    /// <summary>The monitored metric. Default "val_loss".</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>Epochs without improvement before stopping. Default 5.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Restore the best epoch's weights at the end. Default true.</summary>
    public bool RestoreBestWeights { get; init; } = true;
}

/// <summary>Reduce-on-plateau (Keras semantics).</summary>
public sealed class ReduceLrConfig
{
    /// <summary>The monitored metric. Default "val_loss".</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>Multiplier of the learning rate at each cut, in (0, 1). Default 0.5.</summary>
    public double Factor { get; init; } = 0.5;

    /// <summary>Epochs without improvement before a cut. Default 2.</summary>
    public int Patience { get; init; } = 2;
}
