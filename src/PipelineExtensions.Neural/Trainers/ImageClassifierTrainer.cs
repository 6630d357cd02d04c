using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>
/// A convolutional image classifier for an image column (C×H×W): the built-in small CNN or small ResNet, or a
/// user-supplied network; optional online augmentation of every training batch (Mixup/CutMix train on soft
/// targets). Binary and multiclass. Create it with <c>ctx.Trainers.ImageClassifier(...)</c>.
/// </summary>
public sealed class ImageClassifierTrainer : NeuralClassifierTrainer<ImageClassifierOptions>
{
    internal ImageClassifierTrainer(PipelineContext context, ImageClassifierOptions options) : base(context, options)
    {
    }

    /// <inheritdoc />
    protected override string StepName => "ImageClassifier";

    /// <inheritdoc />
    protected override VectorType CheckFeatures(DataSchema schema) =>
        (ImageType)schema.Require(Options.FeatureColumnName, t => t is ImageType, "Image", StepName).Type;

    /// <inheritdoc />
    protected override int[] InputShape(VectorType featureType) =>
        featureType is ImageType image ? [image.Channels, image.Height, image.Width] : throw new ArgumentException($"{featureType.DisplayName} is not an image type.", nameof(featureType));

    /// <inheritdoc />
    protected override Module BuildNetwork(VectorType featureType, int classCount, long seed)
    {
        var image = (ImageType)featureType;
        if (Options.Network is { } factory)
        {
            var network = factory(image, classCount, seed) ?? throw new InvalidOperationException("ImageClassifierOptions.Network returned null.");
            var output = network.OutputShape(new TensorShape(1, image.Channels, image.Height, image.Width));
            if (output.Rank != 2 || output[1] != classCount)
                throw new InvalidOperationException($"The user-supplied network maps {image.DisplayName} to {output}, not to [N, {classCount}] logits.");
            return network;
        }
        return Options.Architecture switch
        {
            ImageArchitecture.SmallCnn => Architectures.SmallCnn(image.Channels, image.Height, image.Width, classCount, Options.Dropout, seed),
            ImageArchitecture.SmallResNet => Architectures.SmallResNet(image.Channels, image.Height, image.Width, classCount, seed),
            _ => throw new ArgumentOutOfRangeException(nameof(Options.Architecture), Options.Architecture, "Unknown architecture."),
        };
    }

    private protected override BatchAugmenter? CreateAugmenter(VectorType featureType, int classCount, int? threads)
    {
        if (Options.Augmentation is not { } pipeline)
            return null;
        var augmenter = pipeline.CreateBatchAugmenter((ImageType)featureType, classCount, threads);
        if (!augmenter.OutputType.Equals(augmenter.InputType))
            throw new InvalidOperationException($"The augmentation turns {augmenter.InputType.DisplayName} into {augmenter.OutputType.DisplayName}; online augmentation must keep the image size, because predictions see unaugmented images.");
        return augmenter;
    }
}
