using PipelineExtensions.Neural.Trainers;

namespace PipelineExtensions;

/// <summary>The neural trainers of <c>ctx.Trainers</c>.</summary>
public static class NeuralTrainersCatalogExtensions
{
    /// <summary>A multilayer-perceptron classifier (see <see cref="MlpTrainer"/>).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="labelColumnName">The key label column.</param>
    /// <param name="featureColumnName">The float-vector features column.</param>
    /// <param name="exampleWeightColumnName">An optional float example-weight column.</param>
    /// <param name="hiddenLayers">Hidden layer sizes (default [128]).</param>
    /// <param name="epochs">Maximum epochs.</param>
    /// <example>
    /// <code>
    /// var model = ctx.Trainers.MultilayerPerceptron("Label", "Features", hiddenLayers: [256, 128], epochs: 20).Fit(train);
    /// </code>
    /// </example>
    public static MlpTrainer MultilayerPerceptron(this TrainersCatalog catalog, string labelColumnName = "Label", string featureColumnName = "Features",
        string? exampleWeightColumnName = null, IReadOnlyList<int>? hiddenLayers = null, int epochs = 10) =>
        MultilayerPerceptron(catalog, new MlpTrainerOptions
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            HiddenLayers = hiddenLayers ?? [128],
            Epochs = epochs,
        });

    /// <summary>A multilayer-perceptron classifier with every setting.</summary>
    public static MlpTrainer MultilayerPerceptron(this TrainersCatalog catalog, MlpTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MlpTrainer(catalog.Context, options);
    }

    /// <summary>A convolutional image classifier (see <see cref="ImageClassifierTrainer"/>).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="labelColumnName">The key label column.</param>
    /// <param name="imageColumnName">The image column.</param>
    /// <param name="exampleWeightColumnName">An optional float example-weight column.</param>
    /// <param name="architecture">The built-in network.</param>
    /// <param name="epochs">Maximum epochs.</param>
    /// <example>
    /// <code>
    /// var trainer = ctx.Trainers.ImageClassifier(new ImageClassifierOptions
    /// {
    ///     Epochs = 30, BatchSize = 128,
    ///     Callbacks = [new ReduceLROnPlateau { Factor = 0.5, Patience = 2 }, new EarlyStopping { Patience = 5, RestoreBestWeights = true }],
    /// });
    /// var model = trainer.Fit(train);
    /// </code>
    /// </example>
    public static ImageClassifierTrainer ImageClassifier(this TrainersCatalog catalog, string labelColumnName = "Label", string imageColumnName = "Image",
        string? exampleWeightColumnName = null, ImageArchitecture architecture = ImageArchitecture.SmallCnn, int epochs = 10) =>
        ImageClassifier(catalog, new ImageClassifierOptions
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = imageColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            Architecture = architecture,
            Epochs = epochs,
        });

    /// <summary>A convolutional image classifier with every setting.</summary>
    public static ImageClassifierTrainer ImageClassifier(this TrainersCatalog catalog, ImageClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageClassifierTrainer(catalog.Context, options);
    }
}
