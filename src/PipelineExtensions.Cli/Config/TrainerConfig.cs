namespace PipelineExtensions.Cli.Config;

/// <summary>The <c>trainer</c> section: which neural trainer and its settings (the options of <c>ctx.Trainers</c>).</summary>
public sealed class TrainerConfig
{
    /// <summary>"mlp" (<c>ctx.Trainers.MultilayerPerceptron</c>) or "cnn" (<c>ctx.Trainers.ImageClassifier</c>, image features). Default "mlp".</summary>
    public string Kind { get; init; } = "mlp";

    /// <summary>Hidden layer sizes of the MLP. Default [128].</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [128];

    /// <summary>Maximum epochs, in [1, 10000]. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per mini-batch, in [1, 65536]. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>"adam", "adamw", "sgd" or "rmsprop". Default "adam".</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Initial learning rate, in (0, 10]. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Weight decay, in [0, 1]. Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Dropout, in [0, 0.95]. Default 0 (the CNN's default 0.5 when null).</summary>
    public double? Dropout { get; init; }

    /// <summary>Label smoothing, in [0, 0.5]. Default 0.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Seed of weights, shuffling and every random step. Default 1.</summary>
    public int Seed { get; init; } = 1;

    internal void Validate(ConfigChecker check, string path)
    {
        check.OneOf($"{path}.kind", Kind, "mlp", "cnn");
        if (HiddenLayers is null || HiddenLayers.Count == 0)
            throw check.Fail($"{path}.hidden_layers", "expected a list of at least one positive layer size");
        for (int i = 0; i < HiddenLayers.Count; i++)
            check.Range($"{path}.hidden_layers[{i}]", HiddenLayers[i], 1, 65536);
        check.Range($"{path}.epochs", Epochs, 1, 10000);
        check.Range($"{path}.batch_size", BatchSize, 1, 65536);
        check.OneOf($"{path}.optimizer", Optimizer, "adam", "adamw", "sgd", "rmsprop");
        check.Positive($"{path}.learning_rate", LearningRate);
        check.Range($"{path}.learning_rate", LearningRate, 1e-9, 10);
        check.Range($"{path}.weight_decay", WeightDecay, 0, 1);
        if (Dropout is double d)
            check.Range($"{path}.dropout", d, 0, 0.95);
        check.Range($"{path}.label_smoothing", LabelSmoothing, 0, 0.5);
    }
}
