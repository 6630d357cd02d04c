using System.Buffers.Binary;
using System.IO.Compression;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// A PNG decoder on the runtime's zlib: every colour type and bit depth of the specification, palettes and Adam7
/// interlacing, chunk CRCs checked. Output is 8-bit grey (grey and grey+alpha files) or RGB (the others); alpha is
/// dropped and 16-bit samples keep their high byte, as Pillow's conversion to 8 bits does.
/// </summary>
internal static class PngDecoder
{
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static DecodedImage Decode(byte[] bytes)
    {
        var header = default(Header);
        byte[]? palette = null;
        using var compressed = new MemoryStream();
        int position = 8;
        bool sawHeader = false, sawEnd = false;
        while (!sawEnd)
        {
            if (position + 12 > bytes.Length)
                throw new InvalidDataException("the file ends before its IEND chunk (truncated).");
            int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
            if (length < 0 || position + 12L + length > bytes.Length)
                throw new InvalidDataException($"a chunk at byte {position} claims {length} bytes, past the end of the file (truncated).");
            var type = bytes.AsSpan(position + 4, 4);
            var data = bytes.AsSpan(position + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 8 + length));
            if (Crc32.Compute(type, data) != crc)
                throw new InvalidDataException($"chunk '{System.Text.Encoding.ASCII.GetString(type)}' at byte {position} fails its CRC check (corrupt).");
            if (!sawHeader && !type.SequenceEqual("IHDR"u8))
                throw new InvalidDataException("the first chunk is not IHDR.");
            if (type.SequenceEqual("IHDR"u8))
            {
                header = Header.Parse(data);
                sawHeader = true;
            }
            else if (type.SequenceEqual("PLTE"u8))
                palette = data.ToArray();
            else if (type.SequenceEqual("IDAT"u8))
                compressed.Write(data);
            else if (type.SequenceEqual("IEND"u8))
                sawEnd = true;
            else if ((type[0] & 0x20) == 0)
                throw new InvalidDataException($"unknown critical chunk '{System.Text.Encoding.ASCII.GetString(type)}'.");
            position += 12 + length;
        }
        if (header.ColorType == 3 && palette is null)
            throw new InvalidDataException("a palette image has no PLTE chunk.");

        var raw = Inflate(compressed, header);
        int channels = header.ColorType is 0 or 4 ? 1 : 3;
        var pixels = new byte[checked(header.Width * header.Height * channels)];
        if (!header.Interlaced)
            DecodePass(raw, 0, header, palette, pixels, channels, 0, 0, 1, 1, header.Width, header.Height);
        else
        {
            int offset = 0;
            foreach (var (x0, y0, dx, dy) in Adam7)
            {
                int w = (header.Width - x0 + dx - 1) / dx, h = (header.Height - y0 + dy - 1) / dy;
                if (w <= 0 || h <= 0)
                    continue;
                offset = DecodePass(raw, offset, header, palette, pixels, channels, x0, y0, dx, dy, w, h);
            }
        }
        return new DecodedImage(header.Width, header.Height, channels, pixels);
    }

    private readonly record struct Header(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
    {
        /// <summary>Samples per pixel of the colour type.</summary>
        public int Samples => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

        public int BitsPerPixel => Samples * BitDepth;

        /// <summary>Bytes per complete pixel for the filters (at least 1).</summary>
        public int FilterStep => Math.Max(1, BitsPerPixel / 8);

        public int RowBytes(int width) => (int)(((long)width * BitsPerPixel + 7) / 8);

        public static Header Parse(ReadOnlySpan<byte> data)
        {
            if (data.Length != 13)
                throw new InvalidDataException($"IHDR has {data.Length} bytes instead of 13.");
            int width = BinaryPrimitives.ReadInt32BigEndian(data), height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
            int depth = data[8], color = data[9];
            if (width <= 0 || height <= 0 || (long)width * height > 1L << 28)
                throw new InvalidDataException($"the image size {width}x{height} is invalid or too large.");
            bool valid = color switch
            {
                0 => depth is 1 or 2 or 4 or 8 or 16,
                3 => depth is 1 or 2 or 4 or 8,
                2 or 4 or 6 => depth is 8 or 16,
                _ => false,
            };
            if (!valid)
                throw new InvalidDataException($"colour type {color} with bit depth {depth} is not a valid PNG combination.");
            if (data[10] != 0 || data[11] != 0 || data[12] > 1)
                throw new InvalidDataException($"unknown compression ({data[10]}), filter ({data[11]}) or interlace ({data[12]}) method.");
            return new Header(width, height, depth, color, data[12] == 1);
        }
    }

    private static byte[] Inflate(MemoryStream compressed, Header header)
    {
        long expected = 0;
        if (!header.Interlaced)
            expected = (long)header.Height * (1 + header.RowBytes(header.Width));
        else
            foreach (var (x0, y0, dx, dy) in Adam7)
            {
                int w = (header.Width - x0 + dx - 1) / dx, h = (header.Height - y0 + dy - 1) / dy;
                if (w > 0 && h > 0)
                    expected += (long)h * (1 + header.RowBytes(w));
            }
        var raw = new byte[expected];
        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        int read = 0;
        while (read < raw.Length)
        {
            int n = inflater.Read(raw, read, raw.Length - read);
            if (n == 0)
                throw new InvalidDataException($"the image data holds {read} bytes, {raw.Length} expected (truncated).");
            read += n;
        }
        return raw;
    }

    /// <summary>Unfilters one (sub-)image of <paramref name="w"/>×<paramref name="h"/> pixels and scatters it; returns the next offset.</summary>
    private static int DecodePass(byte[] raw, int offset, Header header, byte[]? palette, byte[] pixels, int channels,
        int x0, int y0, int dx, int dy, int w, int h)
    {
        int rowBytes = header.RowBytes(w), step = header.FilterStep;
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];
        for (int row = 0; row < h; row++)
        {
            byte filter = raw[offset];
            raw.AsSpan(offset + 1, rowBytes).CopyTo(current);
            offset += 1 + rowBytes;
            Unfilter(filter, current, previous, step);
            int y = y0 + row * dy;
            for (int col = 0; col < w; col++)
                WritePixel(current, col, header, palette, pixels, ((long)y * header.Width + x0 + col * dx) * channels, channels);
            (previous, current) = (current, previous);
        }
        return offset;
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int step)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (int i = step; i < row.Length; i++)
                    row[i] += row[i - step];
                break;
            case 2:
                for (int i = 0; i < row.Length; i++)
                    row[i] += previous[i];
                break;
            case 3:
                for (int i = 0; i < row.Length; i++)
                    row[i] += (byte)(((i >= step ? row[i - step] : 0) + previous[i]) >> 1);
                break;
            case 4:
                for (int i = 0; i < row.Length; i++)
                {
                    int a = i >= step ? row[i - step] : 0, b = previous[i], c = i >= step ? previous[i - step] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
                break;
            default:
                throw new InvalidDataException($"unknown scanline filter type {filter} (corrupt data).");
        }
    }

    private static void WritePixel(ReadOnlySpan<byte> row, int col, Header header, byte[]? palette, byte[] pixels, long target, int channels)
    {
        int depth = header.BitDepth;
        if (depth < 8)
        {
            // Packed samples, most significant bits first.
            int perByte = 8 / depth, shift = 8 - depth * (col % perByte + 1);
            int value = (row[col / perByte] >> shift) & ((1 << depth) - 1);
            if (header.ColorType == 3)
                WritePalette(palette!, value, pixels, target);
            else
                pixels[target] = (byte)(value * 255 / ((1 << depth) - 1));
            return;
        }
        int bytesPerSample = depth / 8, samples = header.Samples;
        int start = col * samples * bytesPerSample;
        if (header.ColorType == 3)
        {
            WritePalette(palette!, row[start], pixels, target);
            return;
        }
        // The high byte of each sample; grey+alpha and RGBA drop the alpha sample.
        for (int c = 0; c < channels; c++)
            pixels[target + c] = row[start + c * bytesPerSample];
    }

    private static void WritePalette(byte[] palette, int index, byte[] pixels, long target)
    {
        if (3 * index + 2 >= palette.Length)
            throw new InvalidDataException($"palette index {index} is outside the {palette.Length / 3}-colour palette.");
        pixels[target] = palette[3 * index];
        pixels[target + 1] = palette[3 * index + 1];
        pixels[target + 2] = palette[3 * index + 2];
    }
}
