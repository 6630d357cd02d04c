using PipelineExtensions.Options;

namespace PipelineExtensions.Sampling;

/// <summary>The two Borderline-SMOTE variants of Han et al. (2005).</summary>
public enum BorderlineKind
{
    /// <summary>borderline-1: new rows only towards same-class neighbours of the DANGER rows.</summary>
    Borderline1,

    /// <summary>borderline-2: also towards other-class neighbours, with the step u limited to [0, 0.5).</summary>
    Borderline2,
}

/// <summary>Options of <see cref="BorderlineSmote"/> (imbalanced-learn's <c>BorderlineSMOTE</c>).</summary>
public sealed class BorderlineSmoteOptions : SyntheticSamplerOptions
{
    /// <summary>m: the neighbours (over the whole table) that decide whether a row is in DANGER (m_neighbors). Default 10.</summary>
    public int DangerNeighbourCount { get; set; } = 10;

    /// <summary>The variant. Default <see cref="BorderlineKind.Borderline1"/>.</summary>
    public BorderlineKind Kind { get; set; } = BorderlineKind.Borderline1;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.InRange(DangerNeighbourCount, 1, 1000);
        if (!Enum.IsDefined(Kind))
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, $"Kind must be Borderline1 or Borderline2, got {Kind}.");
    }
}
