namespace PipelineExtensions.Weighting;

/// <summary>How per-class weights follow from the class counts n_c (n rows, K classes present).</summary>
public enum ClassWeightScheme
{
    /// <summary>scikit-learn's "balanced": w_c = n / (K · n_c), in float64 exactly as <c>compute_class_weight</c>.</summary>
    Balanced,

    /// <summary>w_c = 1 / √n_c: a milder correction than <see cref="Balanced"/>.</summary>
    InverseSquareRoot,

    /// <summary>
    /// Effective number of samples (Cui et al., CVPR 2019): w_c = (1 − β) / (1 − β^n_c), the inverse of
    /// E_c = (1 − β^n_c) / (1 − β). β = 0 gives equal weights, β → 1 approaches 1 / n_c.
    /// </summary>
    EffectiveNumber,

    /// <summary>User-given weights by class name; classes not given weigh 1 (scikit-learn's dict class_weight).</summary>
    Custom,
}

/// <summary>How the per-class weights are scaled after the scheme's formula (over the classes present).</summary>
public enum ClassWeightNormalization
{
    /// <summary>The scheme's natural scale: none for Balanced and Custom, <see cref="SampleMeanOne"/> for InverseSquareRoot, <see cref="SumToClassCount"/> for EffectiveNumber (as Cui et al.).</summary>
    Default,

    /// <summary>The formula's values as they are.</summary>
    None,

    /// <summary>Scaled so the average example weight is 1 (Σ_c n_c·w_c = n): the loss keeps its scale. Balanced weights already are.</summary>
    SampleMeanOne,

    /// <summary>Scaled so the class weights sum to K (their mean is 1), as Cui et al. normalise.</summary>
    SumToClassCount,

    /// <summary>Scaled so the class weights sum to 1.</summary>
    SumToOne,

    /// <summary>Scaled so the largest class weight is 1.</summary>
    MaxOne,
}
