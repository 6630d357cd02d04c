using PipelineExtensions.Data;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// A pipeline bound to one input shape: the steps split into their three stages, the size after every geometric
/// step, and the per-image routine (compose the maps, resample once, run the pixel steps).
/// </summary>
internal sealed class AugmentationPlan
{
    private readonly GeometricAugmentation[] _geometric;
    private readonly (int H, int W)[] _sizes;
    private readonly PixelAugmentation[] _pixel;

    public AugmentationPlan(AugmentationPipeline pipeline, ImageType inputType)
    {
        ArgumentNullException.ThrowIfNull(inputType);
        Pipeline = pipeline;
        InputShape = ImageShape.Of(inputType);
        _geometric = pipeline.Steps.OfType<GeometricAugmentation>().ToArray();
        _pixel = pipeline.Steps.OfType<PixelAugmentation>().ToArray();
        Mixing = pipeline.Steps.OfType<MixingAugmentation>().ToArray();
        _sizes = new (int, int)[_geometric.Length + 1];
        _sizes[0] = (InputShape.Height, InputShape.Width);
        for (int k = 0; k < _geometric.Length; k++)
            _sizes[k + 1] = _geometric[k].OutputSize(_sizes[k].H, _sizes[k].W);
        OutputShape = new ImageShape(InputShape.Channels, _sizes[^1].H, _sizes[^1].W);
        foreach (var step in _pixel)
            step.CheckShape(OutputShape);
    }

    public AugmentationPipeline Pipeline { get; }

    public ImageShape InputShape { get; }

    public ImageShape OutputShape { get; }

    public MixingAugmentation[] Mixing { get; }

    /// <summary>
    /// Augments one image: <paramref name="destination"/> must not overlap <paramref name="source"/>. All randomness
    /// comes from the workspace generator reseeded with <paramref name="imageSeed"/>.
    /// </summary>
    public void AugmentImage(ReadOnlySpan<float> source, Span<float> destination, long imageSeed, AugmentationWorkspace workspace)
    {
        var rng = workspace.Random;
        rng.Reseed(imageSeed);
        var map = ComposeMap(rng);
        var output = destination[..OutputShape.Size];
        if (map.IsIdentity && OutputShape == InputShape)
            source[..InputShape.Size].CopyTo(output);
        else
            AffineResampler.Warp(source, InputShape.Channels, InputShape.Height, InputShape.Width,
                output, OutputShape.Height, OutputShape.Width, map, Pipeline.Interpolation, Pipeline.FillMode, Pipeline.FillValue);

        foreach (var step in _pixel)
            step.Apply(output, OutputShape, rng, workspace);
    }

    /// <summary>The composed map of one image (tests check it against the steps applied one by one).</summary>
    public Affine2D SampleMap(long imageSeed, AugmentationWorkspace workspace)
    {
        workspace.Random.Reseed(imageSeed);
        return ComposeMap(workspace.Random);
    }

    // The pipeline's map is M1∘M2∘…∘Mn: an output pixel goes through the last step's map first.
    private Affine2D ComposeMap(Randomness.SeededRandom rng)
    {
        var map = Affine2D.Identity;
        for (int k = 0; k < _geometric.Length; k++)
            map = Affine2D.Chain(map, _geometric[k].Sample(rng, _sizes[k].H, _sizes[k].W, _sizes[k + 1].H, _sizes[k + 1].W));
        return map;
    }
}
