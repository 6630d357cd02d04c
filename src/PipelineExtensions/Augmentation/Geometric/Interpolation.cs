namespace PipelineExtensions.Augmentation;

/// <summary>How a geometric augmentation reads the input at a non-integer source position.</summary>
public enum Interpolation
{
    /// <summary>The nearest pixel (coordinates rounded half to even, as Keras and NumPy round).</summary>
    Nearest,

    /// <summary>Bilinear interpolation of the four surrounding pixels; out-of-image neighbours follow the fill mode.</summary>
    Bilinear,
}
