using PipelineExtensions.Data;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Networks;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>
/// A multilayer-perceptron classifier for a float-vector features column (image columns are flattened):
/// Dense → ReLU (→ dropout) per hidden layer, then K logits, trained with softmax cross-entropy. Binary and
/// multiclass. Create it with <c>ctx.Trainers.MultilayerPerceptron(...)</c>.
/// </summary>
public sealed class MlpTrainer : NeuralClassifierTrainer<MlpTrainerOptions>
{
    internal MlpTrainer(PipelineContext context, MlpTrainerOptions options) : base(context, options)
    {
    }

    /// <inheritdoc />
    protected override string StepName => "MultilayerPerceptron";

    /// <inheritdoc />
    protected override VectorType CheckFeatures(DataSchema schema) =>
        (VectorType)schema.Require(Options.FeatureColumnName, t => t is VectorType, "Vector<Single>", StepName).Type;

    /// <inheritdoc />
    /// <remarks>Flat: an image column is read as a vector of C·H·W values.</remarks>
    protected override int[] InputShape(VectorType featureType) => [featureType.Size];

    /// <inheritdoc />
    protected override Module BuildNetwork(VectorType featureType, int classCount, long seed) =>
        Architectures.Mlp(featureType.Size, Options.HiddenLayers, classCount, Options.Dropout, seed);
}
