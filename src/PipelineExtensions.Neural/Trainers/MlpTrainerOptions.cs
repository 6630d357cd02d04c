using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>Settings of the <see cref="MlpTrainer"/>: a multilayer perceptron on a float-vector column.</summary>
public sealed class MlpTrainerOptions : NeuralTrainerOptions
{
    /// <inheritdoc />
    /// <remarks>Default "Features". An image column is accepted and flattened.</remarks>
    public override string FeatureColumnName { get; set; } = "Features";

    /// <summary>Sizes of the hidden layers (each Dense → ReLU → optional dropout). Default [128].</summary>
    public IReadOnlyList<int> HiddenLayers { get; set; } = [128];

    /// <summary>Dropout probability after each hidden layer, in [0, 1). Default 0.</summary>
    public double Dropout { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(HiddenLayers, nameof(HiddenLayers));
        for (int i = 0; i < HiddenLayers.Count; i++)
            if (HiddenLayers[i] <= 0)
                throw new ArgumentOutOfRangeException(nameof(HiddenLayers), HiddenLayers[i], $"HiddenLayers[{i}] must be positive, got {HiddenLayers[i]}.");
        Check.InRange(Dropout, 0, 0.99);
    }
}
