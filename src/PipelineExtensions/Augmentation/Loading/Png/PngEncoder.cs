using System.Buffers.Binary;
using System.IO.Compression;

namespace PipelineExtensions.Augmentation;

/// <summary>Writes 8-bit grey or RGB PNGs (adaptive per-row filter, zlib from the runtime).</summary>
internal static class PngEncoder
{
    /// <summary>Encodes H×W×C interleaved bytes (C = 1 or 3).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG output supports 1 (grey) or 3 (RGB) channels.");
        if (width <= 0 || height <= 0 || pixels.Length != width * height * channels)
            throw new ArgumentException($"{pixels.Length} bytes do not make a {width}x{height}x{channels} image.", nameof(pixels));
        int rowBytes = width * channels;
        var filtered = new byte[height * (rowBytes + 1)];
        var candidate = new byte[rowBytes];
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, rowBytes);
            var previous = y > 0 ? pixels.Slice((y - 1) * rowBytes, rowBytes) : default;
            // The usual heuristic: the filter whose output has the smallest sum of absolute (signed) values.
            long best = long.MaxValue;
            for (byte filter = 0; filter <= 4; filter++)
            {
                long cost = Filter(filter, row, previous, channels, candidate);
                if (cost < best)
                {
                    best = cost;
                    filtered[y * (rowBytes + 1)] = filter;
                    candidate.CopyTo(filtered.AsSpan(y * (rowBytes + 1) + 1, rowBytes));
                }
            }
        }
        using var idat = new MemoryStream();
        using (var deflater = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
            deflater.Write(filtered);

        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;
        header[9] = (byte)(channels == 1 ? 0 : 2);
        header[10] = header[11] = header[12] = 0;
        WriteChunk(output, "IHDR"u8, header);
        WriteChunk(output, "IDAT"u8, idat.GetBuffer().AsSpan(0, (int)idat.Length));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static long Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int step, Span<byte> output)
    {
        long cost = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= step ? row[i - step] : 0, b = previous.IsEmpty ? 0 : previous[i], c = i >= step && !previous.IsEmpty ? previous[i - step] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                _ => Paeth(a, b, c),
            };
            byte value = (byte)(row[i] - predictor);
            output[i] = value;
            cost += Math.Abs((int)(sbyte)value);
        }
        return cost;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(type, data));
        stream.Write(word);
    }
}
