using Microsoft.Extensions.Logging;
using PipelineExtensions.Options;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>
/// Settings shared by the neural classifiers (<see cref="MlpTrainer"/>, <see cref="ImageClassifierTrainer"/>):
/// columns, epochs and batches, optimizer, regularization, class weights, validation, training policies
/// (callbacks), randomness, threads, progress, logging and cancellation. Validated by <see cref="Validate"/>
/// when the trainer is created.
/// </summary>
public abstract class NeuralTrainerOptions
{
    /// <summary>The label column, a key column (class indices with names). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The features column (a float vector; an image column for the image classifier).</summary>
    public abstract string FeatureColumnName { get; set; }

    /// <summary>An optional example-weight column (<c>ScalarColumn&lt;float&gt;</c>, finite, ≥ 0) that weights each row's loss. Default none.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>Maximum number of epochs (callbacks such as <see cref="EarlyStopping"/> may stop earlier). Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Rows per mini-batch. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>The optimizer. Default <see cref="NeuralOptimizerKind.Adam"/>.</summary>
    public NeuralOptimizerKind Optimizer { get; set; } = NeuralOptimizerKind.Adam;

    /// <summary>The initial learning rate. Default 1e-3 (Adam's usual rate; use about 0.01–0.1 with SGD).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>SGD and RMSprop momentum; Adam's β₁. Default 0.9.</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>Adam's β₂ (and RMSprop's smoothing α). Default 0.999.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>The optimizer's ε. Default 1e-8 (PyTorch's).</summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>SGD with Nesterov momentum. Default false.</summary>
    public bool Nesterov { get; set; }

    /// <summary>
    /// Weight decay of the optimizer: decoupled for AdamW, added to the gradient for SGD, Adam and RMSprop
    /// (PyTorch's <c>weight_decay</c>). Default 0.
    /// </summary>
    public double WeightDecay { get; set; }

    /// <summary>L1 penalty on the weights (not biases) added to the loss, Keras' <c>kernel_regularizer</c>. Default 0.</summary>
    public double L1 { get; set; }

    /// <summary>L2 penalty <c>λ·Σw²</c> on the weights (not biases) added to the loss, Keras' <c>kernel_regularizer</c>. Default 0.</summary>
    public double L2 { get; set; }

    /// <summary>Gradients are clipped to this total L2 norm before each step; null (default) for no clipping.</summary>
    public double? GradientClipNorm { get; set; }

    /// <summary>
    /// A weight per class, in class-index order, passed to the training loss (PyTorch's <c>CrossEntropyLoss(weight=…)</c>:
    /// a weighted mean over the batch). The validation loss is not class-weighted, as in Keras. Default none.
    /// </summary>
    public IReadOnlyList<float>? ClassWeights { get; set; }

    /// <summary>Label smoothing ε of the training loss, in [0, 1). Default 0.</summary>
    public double LabelSmoothing { get; set; }

    /// <summary>
    /// The fraction of the training rows held out (stratified by label) to monitor when <c>Fit</c> gets no
    /// validation set; 0 trains on everything without validation metrics. Default 0.1.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>The training policies (schedules, reduce-on-plateau, early stopping, checkpoints), called in order.</summary>
    public IList<TrainingCallback> Callbacks { get; set; } = [];

    /// <summary>Add a <see cref="DivergenceGuard"/> with its defaults when <see cref="Callbacks"/> has none. Default true.</summary>
    public bool GuardDivergence { get; set; } = true;

    /// <summary>How the training metrics of an epoch are measured. Default <see cref="TrainMetricsMode.Running"/> (as Keras).</summary>
    public TrainMetricsMode TrainMetrics { get; set; } = TrainMetricsMode.Running;

    /// <summary>Seed of weight initialisation, shuffling, dropout and the validation split; null takes the context's next component seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Threads for the engine's CPU kernels; null uses the engine's default device.</summary>
    public int? Threads { get; set; }

    /// <summary>
    /// The CUDA GPU to train on (ML.NET's <c>GpuDeviceId</c>: its number in the driver's order); null (default)
    /// trains on the CPU. The network, optimizer state and batches then live in GPU memory (the ILGPU backend);
    /// only batches go in and metrics come out. See <see cref="FallbackToCpu"/> for a machine without that GPU.
    /// </summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>
    /// With <see cref="GpuDeviceId"/> set: when that GPU cannot be used (no NVIDIA driver, no such device), train on
    /// the CPU and log a warning instead of throwing (ML.NET's <c>FallbackToCpu</c>). Default false.
    /// </summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>
    /// An explicit engine device (e.g. an <see cref="Devices.Ilgpu.IlgpuDevice"/> created by the caller); it takes
    /// precedence over <see cref="GpuDeviceId"/> and <see cref="Threads"/>. Default null. The trained model keeps
    /// its network on this device, so the device must outlive the model.
    /// </summary>
    public Devices.Device? Device { get; set; }

    /// <summary>Receives each epoch's report. Optional.</summary>
    public IProgress<EpochReport>? Progress { get; set; }

    /// <summary>Where training logs; null uses the context's logger factory.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Cancels training between batches (Fit then throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Throws when a setting is out of range; the message names it, its value and the allowed range.</summary>
    public virtual void Validate()
    {
        Check.NotEmpty(LabelColumnName);
        Check.NotEmpty(FeatureColumnName);
        if (ExampleWeightColumnName is not null)
            Check.NotEmpty(ExampleWeightColumnName);
        Check.Positive(Epochs);
        Check.Positive(BatchSize);
        Check.Positive(LearningRate);
        Check.InRange(Momentum, 0, 0.9999);
        Check.InRange(Beta2, 0, 0.999999);
        Check.Positive(Epsilon);
        Check.NonNegative(WeightDecay);
        Check.NonNegative(L1);
        Check.NonNegative(L2);
        if (GradientClipNorm is { } clip)
            Check.Positive(clip, nameof(GradientClipNorm));
        Check.InRange(LabelSmoothing, 0, 0.999);
        Check.InRange(ValidationFraction, 0, 0.9);
        if (ClassWeights is not null)
            for (int i = 0; i < ClassWeights.Count; i++)
                if (!(ClassWeights[i] >= 0) || float.IsInfinity(ClassWeights[i]))
                    throw new ArgumentOutOfRangeException(nameof(ClassWeights), ClassWeights[i], $"ClassWeights[{i}] must be a finite number ≥ 0, got {ClassWeights[i]}.");
        if (Threads is { } threads)
            Check.InRange(threads, 1, 1024, nameof(Threads));
        if (GpuDeviceId is { } gpu)
            Check.InRange(gpu, 0, 63, nameof(GpuDeviceId));
        ArgumentNullException.ThrowIfNull(Callbacks, nameof(Callbacks));
        if (Optimizer == NeuralOptimizerKind.Sgd && Nesterov && Momentum == 0)
            throw new ArgumentException("Nesterov momentum needs Momentum > 0.", nameof(Nesterov));
    }
}

/// <summary>The optimizers a neural trainer can use (update rules as PyTorch documents them).</summary>
public enum NeuralOptimizerKind
{
    /// <summary>Adam (Kingma and Ba).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter).</summary>
    AdamW,

    /// <summary>Stochastic gradient descent with optional (Nesterov) momentum.</summary>
    Sgd,

    /// <summary>RMSprop.</summary>
    RmsProp,
}
