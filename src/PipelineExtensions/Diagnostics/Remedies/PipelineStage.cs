namespace PipelineExtensions.Diagnostics;

/// <summary>The part of the pipeline a <see cref="Remedy"/> changes.</summary>
public enum PipelineStage
{
    /// <summary>The data itself, before any step: cleaning, de-duplication, imputation, normalisation.</summary>
    Data,

    /// <summary>A train-only sampler step (<c>ctx.Sampling</c>).</summary>
    Sampling,

    /// <summary>Example weights (<c>ctx.Transforms.AddClassWeights</c>) or the trainer's class weights.</summary>
    Weighting,

    /// <summary>Augmentation (<c>ctx.Augmentation</c>).</summary>
    Augmentation,

    /// <summary>The model's architecture (capacity).</summary>
    Model,

    /// <summary>The optimizer's settings: learning rate, gradient clipping.</summary>
    Optimizer,

    /// <summary>Regularisation: weight decay, dropout, label smoothing.</summary>
    Regularization,

    /// <summary>Training policies: early stopping, reduce-on-plateau, the monitored metric.</summary>
    Callbacks,
}
