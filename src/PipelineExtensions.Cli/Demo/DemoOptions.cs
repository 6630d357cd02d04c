namespace PipelineExtensions.Cli.Demo;

/// <summary>Settings of <c>pipex demo</c>; the defaults are the README's run.</summary>
public sealed class DemoOptions
{
    /// <summary>Seed of the subset, the split, the weights and every random step. Default 7.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Training rows kept of the largest class (the embedded sample has 200 per class). Default 200.</summary>
    public int LargestClass { get; set; } = 200;

    /// <summary>Rows of a large class : rows of a small class (half the classes are small). Default 40: 200 and 5 rows.</summary>
    public double ImbalanceRatio { get; set; } = 40;

    /// <summary>Maximum epochs of each run. Default 30.</summary>
    public int Epochs { get; set; } = 30;

    /// <summary>Hidden layer sizes of the multilayer perceptron. Default [128].</summary>
    public IReadOnlyList<int> HiddenLayers { get; set; } = [128];

    /// <summary>Adam's learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Rows per mini-batch. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Checks the settings; the message names the bad one.</summary>
    public void Validate()
    {
        Options.Check.InRange(LargestClass, 2, 200);
        Options.Check.InRange(ImbalanceRatio, 1, 200);
        Options.Check.InRange(Epochs, 1, 1000);
        Options.Check.Positive(LearningRate);
        Options.Check.Positive(BatchSize);
        ArgumentNullException.ThrowIfNull(HiddenLayers);
    }
}
