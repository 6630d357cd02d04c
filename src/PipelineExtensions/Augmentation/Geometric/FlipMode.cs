namespace PipelineExtensions.Augmentation;

/// <summary>Which axes <see cref="RandomFlip"/> may flip.</summary>
public enum FlipMode
{
    /// <summary>Left–right flips only.</summary>
    Horizontal,

    /// <summary>Top–bottom flips only.</summary>
    Vertical,

    /// <summary>Both, each decided independently.</summary>
    HorizontalAndVertical,
}
