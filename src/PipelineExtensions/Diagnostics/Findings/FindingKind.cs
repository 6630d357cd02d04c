namespace PipelineExtensions.Diagnostics;

/// <summary>What a <see cref="Finding"/> is about; each kind has its detector in <c>Diagnostics/Detectors</c>.</summary>
public enum FindingKind
{
    /// <summary>Predictions concentrate on one class and accuracy sits at that class's share ("stuck at 50%").</summary>
    MajorityClassCollapse,

    /// <summary>The training labels are imbalanced (ratio of the largest to the smallest class).</summary>
    ClassImbalance,

    /// <summary>The train/validation gap grows while the validation loss stalls or worsens.</summary>
    Overfitting,

    /// <summary>Training and validation curves are both flat and the training accuracy is low.</summary>
    Underfitting,

    /// <summary>The loss oscillates, diverges or became non-finite.</summary>
    LearningRateTooHigh,

    /// <summary>The loss falls by a small, steady, non-decelerating amount each epoch.</summary>
    LearningRateTooLow,

    /// <summary>Validation rows are exact copies of training rows (leakage).</summary>
    DuplicatesAcrossSplits,

    /// <summary>Feature dimensions with one value on every training row.</summary>
    ConstantFeatures,

    /// <summary>NaN or infinite feature values, or rows without a label.</summary>
    NonFiniteValues,

    /// <summary>Rows whose label disagrees with identical or all nearby rows.</summary>
    SuspectedLabelNoise,
}
