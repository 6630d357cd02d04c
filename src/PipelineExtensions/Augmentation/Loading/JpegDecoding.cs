using JpegLibrary;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// JPEG through JpegLibrary (baseline, progressive, arithmetic, 8-bit): grey or YCbCr (JFIF) → RGB. Files that an
/// Adobe APP14 marker declares untransformed are taken as RGB; CMYK/YCCK are refused.
/// </summary>
internal static class JpegDecoding
{
    public static DecodedImage Decode(byte[] bytes)
    {
        var decoder = new JpegDecoder();
        decoder.SetInput(bytes);
        decoder.Identify();
        int width = decoder.Width, height = decoder.Height, components = decoder.NumberOfComponents;
        if (components != 1 && components != 3)
            throw new InvalidDataException($"{components} colour components (CMYK or YCCK) are not supported; convert the file to RGB or greyscale.");
        if (decoder.Precision != 8)
            throw new InvalidDataException($"{decoder.Precision}-bit JPEG samples are not supported; only 8-bit.");
        if (width <= 0 || height <= 0)
            throw new InvalidDataException($"the frame size {width}x{height} is invalid.");
        var pixels = new byte[checked(width * height * components)];
        decoder.SetOutputWriter(new InterleavedWriter(width, height, components, pixels));
        decoder.Decode();
        if (components == 3 && !IsUntransformedAdobe(bytes))
            YCbCrToRgb(pixels);
        return new DecodedImage(width, height, components, pixels);
    }

    /// <summary>JFIF's YCbCr → RGB (ITU-R 601 full range), rounded and clamped, in place.</summary>
    private static void YCbCrToRgb(Span<byte> pixels)
    {
        for (int i = 0; i + 2 < pixels.Length; i += 3)
        {
            float y = pixels[i], cb = pixels[i + 1] - 128f, cr = pixels[i + 2] - 128f;
            pixels[i] = ToByte(y + 1.402f * cr);
            pixels[i + 1] = ToByte(y - 0.344136f * cb - 0.714136f * cr);
            pixels[i + 2] = ToByte(y + 1.772f * cb);
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0f, 255f);

    /// <summary>True when an Adobe APP14 segment says the three components are RGB (transform flag 0).</summary>
    private static bool IsUntransformedAdobe(ReadOnlySpan<byte> bytes)
    {
        int i = 2;
        while (i + 4 <= bytes.Length && bytes[i] == 0xFF)
        {
            byte marker = bytes[i + 1];
            if (marker == 0xDA || marker == 0xD9)
                return false; // start of scan or end of image: no APP14 before the data
            int length = (bytes[i + 2] << 8) | bytes[i + 3];
            if (marker == 0xEE && length >= 12 && i + 4 + 11 < bytes.Length && bytes.Slice(i + 4, 5).SequenceEqual("Adobe"u8))
                return bytes[i + 4 + 11] == 0;
            i += 2 + length;
        }
        return false;
    }

    /// <summary>Writes decoded 8×8 blocks (already upsampled and level-shifted by the decoder) into an interleaved buffer.</summary>
    private sealed class InterleavedWriter(int width, int height, int components, byte[] output) : JpegBlockOutputWriter
    {
        public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
        {
            if (x >= width || y >= height)
                return;
            int columns = Math.Min(width - x, 8), rows = Math.Min(height - y, 8);
            for (int row = 0; row < rows; row++)
            {
                int o = ((y + row) * width + x) * components + componentIndex;
                for (int col = 0; col < columns; col++, o += components)
                    output[o] = (byte)Math.Clamp((int)System.Runtime.CompilerServices.Unsafe.Add(ref blockRef, row * 8 + col), 0, 255);
            }
        }
    }
}
