using System.Globalization;
using PipelineExtensions.Data;
using PipelineExtensions.Options;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// An ordered recipe of augmentations with the settings of its single resample and a seed, made by
/// <c>ctx.Augmentation.Compose(...)</c>. It is immutable and holds no buffers: use it
/// <list type="bullet">
/// <item>online, through <see cref="CreateBatchAugmenter"/>, inside a trainer's batch loader (training batches only);</item>
/// <item>offline, through <c>ctx.Augmentation.AugmentImages(...)</c>, a train-only step that adds augmented copies;</item>
/// <item>for a picture, through <c>AugmentationGrid</c>.</item>
/// </list>
/// </summary>
/// <remarks>
/// Steps run in three stages whatever their order in the list: the geometric steps (in list order) compose into
/// one affine map per image and the image is resampled once; the pixel steps (colour, noise, erasing) then run in
/// list order; the mixing steps (Mixup, CutMix) last, across the mini-batch. Each image draws its random
/// parameters from its own stream, derived from the seed, the epoch and the sample id, so results do not depend
/// on batch composition (mixing partners excepted), batch order or thread scheduling.
/// </remarks>
/// <example>
/// <code>
/// var augment = ctx.Augmentation.Compose(
///     ctx.Augmentation.RandomFlip(),
///     ctx.Augmentation.RandomRotation(15),
///     ctx.Augmentation.RandomZoom(0.1),
///     ctx.Augmentation.RandomBrightness(0.2));
/// var augmenter = augment.CreateBatchAugmenter(ColumnType.Image(1, 28, 28));
/// augmenter.Augment(batch, labels, sampleIds, epoch);   // in place, once per training mini-batch
/// </code>
/// </example>
public sealed class AugmentationPipeline
{
    private readonly ImageAugmentation[] _steps;

    /// <summary>Creates a pipeline; prefer <c>ctx.Augmentation.Compose</c>, which supplies the seed.</summary>
    /// <param name="steps">The augmentations, at least one.</param>
    /// <param name="options">Fill mode, interpolation, value range; its <see cref="AugmentationPipelineOptions.Seed"/> must be set.</param>
    public AugmentationPipeline(IEnumerable<ImageAugmentation> steps, AugmentationPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(options);
        _steps = steps.ToArray();
        if (_steps.Length == 0)
            throw new ArgumentException("An augmentation pipeline needs at least one augmentation.", nameof(steps));
        for (int i = 0; i < _steps.Length; i++)
            if (_steps[i] is null)
                throw new ArgumentException($"Augmentation {i} of the pipeline is null.", nameof(steps));
        if (!Enum.IsDefined(options.FillMode))
            throw new ArgumentOutOfRangeException(nameof(options), options.FillMode, $"FillMode must be one of {string.Join(", ", Enum.GetNames<FillMode>())}.");
        if (!Enum.IsDefined(options.Interpolation))
            throw new ArgumentOutOfRangeException(nameof(options), options.Interpolation, $"Interpolation must be one of {string.Join(", ", Enum.GetNames<Interpolation>())}.");
        if (!float.IsFinite(options.FillValue))
            throw new ArgumentOutOfRangeException(nameof(options), options.FillValue, $"FillValue must be finite, got {options.FillValue}.");
        Check.Positive(options.MaxPixelValue, nameof(options.MaxPixelValue));
        Seed = options.Seed ?? throw new ArgumentException("The pipeline needs a seed (AugmentationPipelineOptions.Seed); ctx.Augmentation.Compose supplies one.", nameof(options));
        FillMode = options.FillMode;
        FillValue = options.FillValue;
        Interpolation = options.Interpolation;
        MaxPixelValue = options.MaxPixelValue;
    }

    /// <summary>The augmentations in the order given.</summary>
    public IReadOnlyList<ImageAugmentation> Steps => _steps;

    /// <summary>How the resample fills pixels mapped from outside the input.</summary>
    public FillMode FillMode { get; }

    /// <summary>The constant fill value.</summary>
    public float FillValue { get; }

    /// <summary>Interpolation of the resample.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>The upper end of the pixel value range.</summary>
    public float MaxPixelValue { get; }

    /// <summary>The seed of all random streams of this pipeline.</summary>
    public int Seed { get; }

    /// <summary>True when the pipeline mixes images across a batch (Mixup, CutMix) and so produces soft labels.</summary>
    public bool MixesLabels => _steps.Any(s => s is MixingAugmentation);

    /// <summary>A pipeline with <paramref name="step"/> added at the end (this one is unchanged).</summary>
    public AugmentationPipeline Append(ImageAugmentation step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new AugmentationPipeline([.. _steps, step], ToOptions(Seed));
    }

    /// <summary>The same recipe with another seed.</summary>
    public AugmentationPipeline WithSeed(int seed) => new(_steps, ToOptions(seed));

    /// <summary>The image type this pipeline produces from <paramref name="inputType"/> (crops and resizes change it).</summary>
    /// <exception cref="ArgumentException">A step cannot work on this shape (a crop larger than the image, hue on one channel).</exception>
    public ImageType GetOutputType(ImageType inputType) => new AugmentationPlan(this, inputType).OutputShape.ToImageType();

    /// <summary>
    /// Creates the online augmenter for mini-batches of <paramref name="inputType"/> images: the object a trainer's
    /// batch loader calls once per training batch. It owns reusable buffers; use one per loader thread.
    /// </summary>
    /// <param name="inputType">The image type of the batches.</param>
    /// <param name="classCount">Number of classes K; required (positive) when the pipeline mixes labels, so soft targets are N×K.</param>
    /// <param name="maxDegreeOfParallelism">Threads per batch; null uses every core.</param>
    public BatchAugmenter CreateBatchAugmenter(ImageType inputType, int classCount = 0, int? maxDegreeOfParallelism = null) =>
        new(this, inputType, classCount, maxDegreeOfParallelism ?? Environment.ProcessorCount);

    /// <summary>The seed of the random stream of one image: it depends only on the pipeline seed, the epoch and the sample id.</summary>
    internal long ImageSeed(long epoch, long sampleId) => SeededRandom.MixSeed(SeededRandom.MixSeed(Seed, epoch), sampleId);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join(" → ", _steps.Select(s => s.ToString()))} [fill={FillMode}, interpolation={Interpolation}, seed={Seed}]");

    private AugmentationPipelineOptions ToOptions(int seed) => new()
    {
        FillMode = FillMode,
        FillValue = FillValue,
        Interpolation = Interpolation,
        MaxPixelValue = MaxPixelValue,
        Seed = seed,
    };
}
