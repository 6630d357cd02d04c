namespace PipelineExtensions.Diagnostics;

/// <summary>
/// The pipeline change a <see cref="Remedy"/> proposes. Each kind documents the component its parameters belong to;
/// parameter names are that component's option property names, so code can apply a remedy by name.
/// </summary>
public enum RemedyKind
{
    /// <summary>Add an over-sampler (Sampling): parameters <c>Sampler</c> (RandomOverSampler | Smote) and <c>SamplingStrategy</c>.</summary>
    OverSample,

    /// <summary>Add an Edited-Nearest-Neighbours cleaner (Sampling) that drops rows their neighbours outvote: <c>Sampler</c>, <c>NeighbourCount</c>.</summary>
    CleanNoisyRows,

    /// <summary>Weight examples by class (<c>ClassWeightOptions</c>): <c>Scheme</c> (Balanced | InverseSquareRoot | EffectiveNumber).</summary>
    ClassWeights,

    /// <summary>Monitor balanced accuracy instead of loss/accuracy in early stopping and reduce-on-plateau: <c>Monitor</c>.</summary>
    MonitorBalancedAccuracy,

    /// <summary>Add random augmentation (Augmentation): <c>Augmentations</c> (choices), <c>Copies</c>.</summary>
    Augment,

    /// <summary>Lower the trainer's <c>LearningRate</c>.</summary>
    LowerLearningRate,

    /// <summary>Raise the trainer's <c>LearningRate</c>.</summary>
    RaiseLearningRate,

    /// <summary>Run the learning-rate range test (<c>LearningRateFinder</c>): <c>MinLearningRate</c>, <c>MaxLearningRate</c>.</summary>
    LearningRateRangeTest,

    /// <summary>Add <c>ReduceLROnPlateau</c>: <c>Monitor</c>, <c>Factor</c>, <c>Patience</c>.</summary>
    ReduceLROnPlateau,

    /// <summary>Clip the gradient norm: the trainer's <c>GradientClipNorm</c>.</summary>
    GradientClipping,

    /// <summary>Add <c>EarlyStopping</c>: <c>Monitor</c>, <c>Patience</c>, <c>RestoreBestWeights</c>.</summary>
    EarlyStopping,

    /// <summary>Add weight decay: the trainer's <c>WeightDecay</c>.</summary>
    WeightDecay,

    /// <summary>Add dropout: the trainer's <c>Dropout</c>.</summary>
    Dropout,

    /// <summary>Loosen regularisation: lower <c>WeightDecay</c> and <c>Dropout</c>.</summary>
    ReduceRegularization,

    /// <summary>Use softened targets: the trainer's <c>LabelSmoothing</c>.</summary>
    LabelSmoothing,

    /// <summary>Make the model larger: <c>CapacityFactor</c> multiplies layer widths (or pick a larger architecture).</summary>
    IncreaseCapacity,

    /// <summary>Standardise or min-max the features (the normalize transforms): <c>Kind</c> (MeanVariance | MinMax).</summary>
    NormalizeFeatures,

    /// <summary>Drop the validation rows that duplicate training rows (the finding's affected rows): <c>Split</c>, <c>Rows</c>.</summary>
    RemoveLeakedRows,

    /// <summary>Drop the constant feature dimensions (the finding's affected features): <c>Features</c>.</summary>
    DropConstantFeatures,

    /// <summary>Replace NaN/∞ feature values: <c>Strategy</c> (Mean | Median | Zero), or drop those rows.</summary>
    ImputeMissing,

    /// <summary>Drop rows without a label: <c>Rows</c>.</summary>
    DropUnlabeledRows,

    /// <summary>Review (relabel or drop) the suspect rows (the finding's affected rows): <c>Rows</c>.</summary>
    ReviewLabels,
}
