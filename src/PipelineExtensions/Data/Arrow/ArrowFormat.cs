namespace PipelineExtensions.Data.Arrow;

/// <summary>The two Arrow IPC layouts.</summary>
public enum ArrowFormat
{
    /// <summary>The random-access file format (<c>.arrow</c>, "Feather v2"): magic ARROW1, footer with batch offsets. The default.</summary>
    File,

    /// <summary>The streaming format (<c>.arrows</c>): a sequence of messages, readable without seeking.</summary>
    Stream,
}
