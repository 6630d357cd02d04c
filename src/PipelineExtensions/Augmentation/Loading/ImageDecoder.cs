namespace PipelineExtensions.Augmentation;

/// <summary>
/// Decodes PNG (our own decoder on the runtime's zlib) and JPEG (JpegLibrary) files, chosen by the file's signature, not
/// its extension.
/// </summary>
internal static class ImageDecoder
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="path"/> is only used in error messages.</summary>
    /// <exception cref="ImageDecodingException">Unknown format, corrupt or truncated data.</exception>
    public static DecodedImage Decode(byte[] bytes, string path)
    {
        try
        {
            if (bytes.AsSpan().StartsWith(PngSignature))
                return PngDecoder.Decode(bytes);
            if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
                return JpegDecoding.Decode(bytes);
        }
        catch (ImageDecodingException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The decoders throw assorted exceptions (InvalidDataException, IndexOutOfRange on truncation...).
            throw new ImageDecodingException(path, $"the data is corrupt or truncated ({e.GetType().Name}: {e.Message})", e);
        }
        throw new ImageDecodingException(path, bytes.Length == 0 ? "the file is empty" : "not a PNG or JPEG file (unknown signature)");
    }
}
