namespace PipelineExtensions.Sampling;

/// <summary>
/// Options of <see cref="SmoteNC"/> (imbalanced-learn's <c>SMOTENC</c>). Categorical features can be separate table
/// columns (<see cref="CategoricalColumnNames"/>: Key, Text, Int32 or Boolean columns) and/or elements of the feature
/// vector holding category codes (<see cref="CategoricalFeatureIndices"/>); at least one of them, and at least one
/// continuous element must remain in the vector.
/// </summary>
public sealed class SmoteNCOptions : SyntheticSamplerOptions
{
    /// <summary>Columns whose values are categories (Key, Text, Int32 or Boolean). Default none.</summary>
    public IReadOnlyList<string> CategoricalColumnNames { get; set; } = [];

    /// <summary>Elements of the feature vector whose values are category codes (compared for equality). Default none.</summary>
    public IReadOnlyList<int> CategoricalFeatureIndices { get; set; } = [];

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(CategoricalColumnNames, nameof(CategoricalColumnNames));
        ArgumentNullException.ThrowIfNull(CategoricalFeatureIndices, nameof(CategoricalFeatureIndices));
        if (CategoricalColumnNames.Count == 0 && CategoricalFeatureIndices.Count == 0)
            throw new ArgumentException("SMOTE-NC needs categorical features: set CategoricalColumnNames or CategoricalFeatureIndices (for continuous features only, use SMOTE).", nameof(CategoricalColumnNames));
        foreach (var name in CategoricalColumnNames)
        {
            Options.Check.NotEmpty(name, nameof(CategoricalColumnNames));
            if (name == FeatureColumnName || name == LabelColumnName)
                throw new ArgumentException($"CategoricalColumnNames contains '{name}', which is the feature or label column.", nameof(CategoricalColumnNames));
        }
        if (CategoricalColumnNames.Distinct().Count() != CategoricalColumnNames.Count)
            throw new ArgumentException("CategoricalColumnNames contains a column twice.", nameof(CategoricalColumnNames));
        foreach (int i in CategoricalFeatureIndices)
            Options.Check.NonNegative(i, nameof(CategoricalFeatureIndices));
        if (CategoricalFeatureIndices.Distinct().Count() != CategoricalFeatureIndices.Count)
            throw new ArgumentException("CategoricalFeatureIndices contains an index twice.", nameof(CategoricalFeatureIndices));
    }
}
