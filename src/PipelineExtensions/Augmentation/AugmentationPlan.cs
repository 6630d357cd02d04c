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
        ToFloat = pipeline.MaxPixelValue / 255f;
        ToByte = 255f / pipeline.MaxPixelValue;
        _roundTripExact = ByteRoundTripIsExact(ToFloat, ToByte);
        _bytesDirect = _pixel.Length == 0 && (pipeline.Interpolation == Interpolation.Nearest
            ? _roundTripExact
            : AffineResampler.CanWarpBilinearBytes(InputShape.Channels));
        Span<byte> fill = stackalloc byte[1];
        PixelConversion.FloatsToBytes([pipeline.FillValue], fill, ToByte);
        _fillByte = fill[0];
    }

    private readonly bool _bytesDirect, _roundTripExact;
    private readonly byte _fillByte;

    /// <summary>The scale from 8-bit values to the pipeline's pixel range (MaxPixelValue / 255).</summary>
    public float ToFloat { get; }

    /// <summary>The scale back from the pipeline's pixel range to 8-bit values (255 / MaxPixelValue).</summary>
    public float ToByte { get; }

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

    /// <summary>
    /// Augments one 8-bit image: values are mapped to [0, MaxPixelValue], augmented and rounded back. Pipelines of
    /// geometric steps only are warped as bytes directly with the same result: nearest when every byte survives the
    /// round trip, bilinear (1 to 4 channels) with the float path's arithmetic.
    /// </summary>
    public void AugmentImage(ReadOnlySpan<byte> source, Span<byte> destination, long imageSeed, AugmentationWorkspace workspace)
    {
        if (!_bytesDirect)
        {
            AugmentBytesAsFloats(source, destination, imageSeed, workspace);
            return;
        }
        var rng = workspace.Random;
        rng.Reseed(imageSeed);
        var map = ComposeMap(rng);
        var target = destination[..OutputShape.Size];
        // The interleaved copy of the source (bilinear: 1 to 4 channels; nearest: 2 to 4, one is gathered in place).
        var scratch = InputShape.Channels <= 4 ? workspace.Bytes(4 * InputShape.Height * InputShape.Width) : default;
        if (map.IsIdentity && OutputShape == InputShape)
        {
            if (_roundTripExact)
                source[..InputShape.Size].CopyTo(target);
            else
                AugmentBytesAsFloats(source, destination, imageSeed, workspace);
        }
        else if (Pipeline.Interpolation == Interpolation.Nearest)
            AffineResampler.WarpNearest(source, InputShape.Channels, InputShape.Height, InputShape.Width,
                target, OutputShape.Height, OutputShape.Width, map, Pipeline.FillMode, _fillByte, scratch);
        else
            AffineResampler.WarpBilinear(source, InputShape.Channels, InputShape.Height, InputShape.Width,
                target, OutputShape.Height, OutputShape.Width, map, Pipeline.FillMode, Pipeline.FillValue, ToFloat, ToByte, scratch);
    }

    private void AugmentBytesAsFloats(ReadOnlySpan<byte> source, Span<byte> destination, long imageSeed, AugmentationWorkspace workspace)
    {
        var input = workspace.Input(InputShape.Size);
        var output = workspace.Output(OutputShape.Size);
        PixelConversion.BytesToFloats(source[..InputShape.Size], input, ToFloat);
        AugmentImage(input, output, imageSeed, workspace);
        PixelConversion.FloatsToBytes(output, destination, ToByte);
    }

    /// <summary>True when every byte b comes back as b from b · toFloat · toByte rounded (as the float path does it).</summary>
    private static bool ByteRoundTripIsExact(float toFloat, float toByte)
    {
        Span<byte> values = stackalloc byte[256], back = stackalloc byte[256];
        Span<float> floats = stackalloc float[256];
        for (int i = 0; i < 256; i++)
            values[i] = (byte)i;
        PixelConversion.BytesToFloats(values, floats, toFloat);
        PixelConversion.FloatsToBytes(floats, back, toByte);
        return values.SequenceEqual(back);
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
