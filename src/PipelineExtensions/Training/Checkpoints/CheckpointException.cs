namespace PipelineExtensions.Training;

/// <summary>A checkpoint cannot be read, or does not fit the run that tries to resume from it; the message says why.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
