namespace PipelineExtensions.Augmentation;

/// <summary>A decoded 8-bit image: interleaved H×W×C bytes (C = 1 grey or 3 RGB).</summary>
internal sealed record DecodedImage(int Width, int Height, int Channels, byte[] Pixels);

/// <summary>A file that could not be read or decoded; the message names the file.</summary>
public sealed class ImageDecodingException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ImageDecodingException(string path, string reason, Exception? inner = null)
        : base($"Cannot load image '{path}': {reason}", inner)
    {
        Path = path;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }
}
