namespace PipelineExtensions.Persistence;

/// <summary>A model file is corrupt, truncated, of a foreign format, or of an unsupported version.</summary>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
