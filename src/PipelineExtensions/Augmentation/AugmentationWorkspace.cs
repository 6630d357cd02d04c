using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// What one worker thread reuses from image to image: its random generator (reseeded per image) and scratch
/// buffers that grow to the largest size needed and are then kept, so the hot path allocates nothing.
/// </summary>
internal sealed class AugmentationWorkspace(float maxPixelValue)
{
    private float[] _input = [];
    private float[] _output = [];
    private float[] _scratch = [];
    private byte[] _bytes = [];

    /// <summary>The upper end of the pixel value range (1 for [0, 1] images, 255 for 8-bit ranges).</summary>
    public float MaxPixelValue { get; } = maxPixelValue;

    /// <summary>The worker's generator; reseeded for every image.</summary>
    public SeededRandom Random { get; } = new(0);

    /// <summary>A buffer for a copy of the input image (in-place augmentation, 8-bit conversion).</summary>
    public Span<float> Input(int length) => Grow(ref _input, length);

    /// <summary>A buffer for an output image (8-bit conversion, mixing partners).</summary>
    public Span<float> Output(int length) => Grow(ref _output, length);

    /// <summary>A general scratch buffer for one step (noise values, grey levels).</summary>
    public Span<float> Scratch(int length) => Grow(ref _scratch, length);

    /// <summary>A byte buffer for an 8-bit kernel's intermediate (the interleaved copy of a nearest warp's source).</summary>
    public Span<byte> Bytes(int length)
    {
        if (_bytes.Length < length)
            _bytes = new byte[length];
        return _bytes.AsSpan(0, length);
    }

    private static Span<float> Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new float[length];
        return buffer.AsSpan(0, length);
    }
}
