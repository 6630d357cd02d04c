namespace PipelineExtensions.Diagnostics;

/// <summary>
/// A concrete pipeline change that addresses a <see cref="Finding"/>: which kind of change, in which stage, on
/// which component, with which settings. Machine-readable: <see cref="Kind"/>, <see cref="Component"/> and the
/// parameter names map onto the library's options types, and the parameters with a range or choices form an
/// AutoML search space (<see cref="Diagnosis.SearchSpace"/>).
/// </summary>
/// <param name="Kind">The change.</param>
/// <param name="Stage">The pipeline stage it touches.</param>
/// <param name="Component">The options type or component the parameters belong to (e.g. <c>NeuralTrainerOptions</c>, <c>ClassWeightOptions</c>, <c>EarlyStopping</c>).</param>
/// <param name="Description">One sentence a person can act on, with the figures.</param>
/// <param name="Parameters">The settings, each with its suggested value and optional search range.</param>
public sealed record Remedy(RemedyKind Kind, PipelineStage Stage, string Component, string Description, IReadOnlyList<RemedyParameter> Parameters)
{
    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public RemedyParameter? Parameter(string name) => Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() =>
        Parameters.Count == 0 ? $"{Kind}: {Description}" : $"{Kind} ({Component}: {string.Join("; ", Parameters)}): {Description}";
}
