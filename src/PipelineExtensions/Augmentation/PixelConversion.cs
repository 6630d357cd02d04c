using System.Numerics.Tensors;

namespace PipelineExtensions.Augmentation;

/// <summary>Conversions between 8-bit pixels and float pixels (vectorised).</summary>
internal static class PixelConversion
{
    /// <summary>destination[i] = source[i] · scale.</summary>
    public static void BytesToFloats(ReadOnlySpan<byte> source, Span<float> destination, float scale)
    {
        var target = destination[..source.Length];
        TensorPrimitives.ConvertChecked(source, target);
        if (scale != 1f)
            TensorPrimitives.Multiply(target, scale, target);
    }

    /// <summary>destination[i] = source[i] · scale rounded half to even and saturated to 0..255.</summary>
    public static void FloatsToBytes(ReadOnlySpan<float> source, Span<byte> destination, float scale)
    {
        const int Chunk = 256;
        Span<float> buffer = stackalloc float[Chunk];
        for (int start = 0; start < source.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, source.Length - start);
            var part = buffer[..count];
            if (scale == 1f)
                TensorPrimitives.Round(source.Slice(start, count), part);
            else
            {
                TensorPrimitives.Multiply(source.Slice(start, count), scale, part);
                TensorPrimitives.Round(part, part);
            }
            TensorPrimitives.Clamp(part, 0f, 255f, part);
            TensorPrimitives.ConvertSaturating(part, destination.Slice(start, count));
        }
    }
}
