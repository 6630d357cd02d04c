namespace PipelineExtensions.Diagnostics;

/// <summary>Options of a detector: thresholds with documented defaults, checked before the detector runs.</summary>
public interface IDetectorOptions
{
    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    void Validate();
}

/// <summary>
/// The base of the built-in detectors: holds the validated thresholds (the defaults when none are given). Derive
/// from it, or implement <see cref="IPlateauDetector"/> directly, to add a detector of your own.
/// </summary>
/// <typeparam name="TOptions">The detector's options type.</typeparam>
public abstract class PlateauDetector<TOptions> : IPlateauDetector where TOptions : class, IDetectorOptions, new()
{
    /// <summary>Validates and keeps <paramref name="options"/>; null takes the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    protected PlateauDetector(TOptions? options)
    {
        Thresholds = options ?? new TOptions();
        Thresholds.Validate();
    }

    /// <summary>The thresholds in effect.</summary>
    protected TOptions Thresholds { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract IEnumerable<Finding> Detect(DiagnosisInput input);
}
