using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>
/// Batch normalisation (PyTorch semantics): in training, normalise each channel with the batch mean and biased
/// variance and update running statistics r ← (1−momentum)·r + momentum·batch (unbiased variance); in evaluation,
/// normalise with the running statistics. Learnable scale γ (1) and shift β (0). See <see cref="BatchNorm1d"/>
/// and <see cref="BatchNorm2d"/>.
/// </summary>
public abstract class BatchNorm : Module
{
    private protected BatchNorm(int features, double momentum, double epsilon, Device? device)
    {
        Features = Check.Positive(features);
        Momentum = Check.InRange(momentum, 0, 1);
        Epsilon = Check.Positive(epsilon);
        var ones = new float[features];
        Array.Fill(ones, 1f);
        Scale = AddParameter("weight", new TensorShape(features), ones, ParameterRole.Scale, null, device);
        Shift = AddParameter("bias", new TensorShape(features), new float[features], ParameterRole.Shift, null, device);
        AddBuffer("running_mean", new TensorShape(features), 0f, device);
        AddBuffer("running_var", new TensorShape(features), 1f, device);
    }

    /// <summary>Channels (features) normalised.</summary>
    public int Features { get; }

    /// <summary>Weight of the newest batch in the running statistics (PyTorch default 0.1).</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance (default 1e-5).</summary>
    public double Epsilon { get; }

    /// <summary>γ, one per channel.</summary>
    public Parameter Scale { get; }

    /// <summary>β, one per channel.</summary>
    public Parameter Shift { get; }

    /// <summary>The running mean (a buffer).</summary>
    public Tensor RunningMean => Buffer("running_mean");

    /// <summary>The running (unbiased) variance (a buffer).</summary>
    public Tensor RunningVar => Buffer("running_var");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        OutputShape(input.Shape); // validates rank and channels with a message naming both
        return Functional.BatchNorm(input, Scale.Value, Shift.Value, RunningMean, RunningVar, IsTraining, (float)Momentum, (float)Epsilon);
    }

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("features", Features);
        context.Set("momentum", Momentum);
        context.Set("epsilon", Epsilon);
        SaveValues(context);
    }

    private protected void LoadFrom(ModelLoadContext context) => LoadValues(context);
}
