using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace PipelineExtensions.Data.Idx;

/// <summary>Converts IDX payloads to float32, vectorised and in parallel blocks.</summary>
internal static class PixelConverter
{
    private const int BlockElements = 1 << 20;

    /// <summary>255 for <see cref="PixelScaling.UnitInterval"/> (8-bit pixels to [0, 1]), 1 to keep stored values.</summary>
    public static float DivisorFor(PixelScaling scaling) => scaling == PixelScaling.UnitInterval ? 255f : 1f;

    /// <summary>Unsigned bytes → float32 divided by <paramref name="divisor"/> (a true division, as torchvision does).</summary>
    public static void BytesToSingles(ReadOnlySpan<byte> source, Span<float> destination, float divisor)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(divisor);
            for (; i <= source.Length - 32; i += 32)
            {
                var bytes = Vector256.Create(source.Slice(i, 32));
                var (lo, hi) = Vector256.Widen(bytes);
                var (a, b) = Vector256.Widen(lo);
                var (c, d) = Vector256.Widen(hi);
                (Vector256.ConvertToSingle(a.AsInt32()) / s).CopyTo(destination.Slice(i, 8));
                (Vector256.ConvertToSingle(b.AsInt32()) / s).CopyTo(destination.Slice(i + 8, 8));
                (Vector256.ConvertToSingle(c.AsInt32()) / s).CopyTo(destination.Slice(i + 16, 8));
                (Vector256.ConvertToSingle(d.AsInt32()) / s).CopyTo(destination.Slice(i + 24, 8));
            }
        }
        for (; i < source.Length; i++)
            destination[i] = source[i] / divisor;
    }

    /// <summary>All elements of <paramref name="array"/> as float32 (big-endian decode), divided by <paramref name="divisor"/>.</summary>
    public static float[] ToSingles(IdxArray array, float divisor)
    {
        long count = array.Payload.LongLength / IdxReader.ElementSize(array.DataType);
        var result = GC.AllocateUninitializedArray<float>(checked((int)count));
        byte[] payload = array.Payload;
        int blocks = (int)((count + BlockElements - 1) / BlockElements);
        Parallel.For(0, blocks, block =>
        {
            int start = block * BlockElements;
            int length = (int)Math.Min(BlockElements, count - start);
            var dst = result.AsSpan(start, length);
            switch (array.DataType)
            {
                case IdxDataType.UInt8:
                    BytesToSingles(payload.AsSpan(start, length), dst, divisor);
                    break;
                case IdxDataType.Int8:
                    for (int i = 0; i < length; i++)
                        dst[i] = (sbyte)payload[start + i] / divisor;
                    break;
                case IdxDataType.Int16:
                    for (int i = 0; i < length; i++)
                        dst[i] = BinaryPrimitives.ReadInt16BigEndian(payload.AsSpan(2 * (start + i))) / divisor;
                    break;
                case IdxDataType.Int32:
                    for (int i = 0; i < length; i++)
                        dst[i] = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4 * (start + i))) / divisor;
                    break;
                case IdxDataType.Float32:
                    for (int i = 0; i < length; i++)
                        dst[i] = BinaryPrimitives.ReadSingleBigEndian(payload.AsSpan(4 * (start + i))) / divisor;
                    break;
                default:
                    for (int i = 0; i < length; i++)
                        dst[i] = (float)(BinaryPrimitives.ReadDoubleBigEndian(payload.AsSpan(8 * (start + i))) / divisor);
                    break;
            }
        });
        return result;
    }
}
