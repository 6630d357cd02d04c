using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>Settings of the <see cref="ImageClassifierTrainer"/>: a convolutional network on an image column.</summary>
public sealed class ImageClassifierOptions : NeuralTrainerOptions
{
    /// <inheritdoc />
    /// <remarks>Default "Image"; the column must have an image type (C×H×W).</remarks>
    public override string FeatureColumnName { get; set; } = "Image";

    /// <summary>The built-in network. Default <see cref="ImageArchitecture.SmallCnn"/>. Ignored when <see cref="Network"/> is set.</summary>
    public ImageArchitecture Architecture { get; set; } = ImageArchitecture.SmallCnn;

    /// <summary>
    /// A user-supplied network: called with the image type, the number of classes and a seed, it returns a module that
    /// maps [N, C, H, W] to [N, classes] logits. Null (default) uses <see cref="Architecture"/>.
    /// </summary>
    public Func<ImageType, int, long, Module>? Network { get; set; }

    /// <summary>Dropout before the classifier of the small CNN, in [0, 1). Default 0.5.</summary>
    public double Dropout { get; set; } = 0.5;

    /// <summary>
    /// Online augmentation applied to every training batch (never to validation or prediction). Mixup and CutMix
    /// train on soft targets. The pipeline must keep the image size. Default none.
    /// </summary>
    public AugmentationPipeline? Augmentation { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.InRange(Dropout, 0, 0.99);
    }
}

/// <summary>The built-in image networks.</summary>
public enum ImageArchitecture
{
    /// <summary>conv3×3(32) → pool → conv3×3(64) → pool → dense 128 → dropout → dense (the Fashion-MNIST CNN).</summary>
    SmallCnn,

    /// <summary>A ResNet-8: a batch-normalised stem and basic blocks of 16, 32 and 64 channels, global average pooling.</summary>
    SmallResNet,
}
