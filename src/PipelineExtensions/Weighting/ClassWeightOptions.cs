using PipelineExtensions.Options;

namespace PipelineExtensions.Weighting;

/// <summary>Options of class weighting (<see cref="ClassWeights"/> and <c>ctx.Transforms.AddClassWeights</c>).</summary>
public sealed class ClassWeightOptions
{
    /// <summary>The label column (a key column). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The example-weight column to write (Single). Default "Weight".</summary>
    public string OutputColumnName { get; set; } = "Weight";

    /// <summary>An existing Single weight column to multiply by the class weight; null for none. Default null.</summary>
    public string? InputWeightColumnName { get; set; }

    /// <summary>The formula. Default <see cref="ClassWeightScheme.Balanced"/>.</summary>
    public ClassWeightScheme Scheme { get; set; } = ClassWeightScheme.Balanced;

    /// <summary>β of <see cref="ClassWeightScheme.EffectiveNumber"/>, in [0, 1). Default 0.999.</summary>
    public double Beta { get; set; } = 0.999;

    /// <summary>Weights by class name for <see cref="ClassWeightScheme.Custom"/> (unlisted classes weigh 1). Default null.</summary>
    public IReadOnlyDictionary<string, double>? CustomWeights { get; set; }

    /// <summary>Scaling after the formula. Default <see cref="ClassWeightNormalization.Default"/> (the scheme's natural scale).</summary>
    public ClassWeightNormalization Normalization { get; set; } = ClassWeightNormalization.Default;

    /// <summary>Checks every option; the exception names the option, its value and the allowed range.</summary>
    public void Validate()
    {
        Check.NotEmpty(LabelColumnName);
        Check.NotEmpty(OutputColumnName);
        if (!Enum.IsDefined(Scheme))
            throw new ArgumentOutOfRangeException(nameof(Scheme), Scheme, $"Scheme must be one of {string.Join(", ", Enum.GetNames<ClassWeightScheme>())}, got {Scheme}.");
        if (!Enum.IsDefined(Normalization))
            throw new ArgumentOutOfRangeException(nameof(Normalization), Normalization, $"Normalization must be one of {string.Join(", ", Enum.GetNames<ClassWeightNormalization>())}, got {Normalization}.");
        if (!(Beta >= 0 && Beta < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta), Beta, $"Beta must be in [0, 1), got {Beta}.");
        if (Scheme == ClassWeightScheme.Custom && CustomWeights is null)
            throw new ArgumentException("Scheme Custom needs CustomWeights (weights by class name).", nameof(CustomWeights));
        if (CustomWeights is not null)
            foreach (var (name, w) in CustomWeights)
                if (!(w >= 0) || double.IsInfinity(w))
                    throw new ArgumentOutOfRangeException(nameof(CustomWeights), w, $"CustomWeights['{name}'] must be a non-negative finite number, got {w}.");
    }
}
