using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Persistence;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Layers;

/// <summary>
/// A fully connected layer y = x·Wᵀ + b (PyTorch's <c>nn.Linear</c> layout: weight [out, in]). Input [batch, in].
/// </summary>
[ModelComponent("pipex.nn.dense")]
public sealed class Dense : Module
{
    /// <summary>Creates the layer with seeded initial weights.</summary>
    /// <param name="inputs">Input features (≥ 1).</param>
    /// <param name="outputs">Output features (≥ 1).</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <param name="initializer">How weights are drawn; default He uniform (biases start at 0).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelRegularizer">Optional L1/L2 penalty on the weight (Keras semantics).</param>
    /// <param name="device">Device of the parameters (default: <see cref="Device.Default"/>).</param>
    public Dense(int inputs, int outputs, long seed = 0, Initializer initializer = Initializer.HeUniform, bool useBias = true,
        Regularizer? kernelRegularizer = null, Device? device = null)
    {
        Inputs = Check.Positive(inputs);
        Outputs = Check.Positive(outputs);
        Initializer = initializer;
        var random = SeededRandom.Derive(seed, 0);
        Weight = AddParameter("weight", new TensorShape(outputs, inputs), Initialization.Weights(initializer, outputs * inputs, inputs, outputs, random), ParameterRole.Weight, kernelRegularizer, device);
        if (useBias)
            Bias = AddParameter("bias", new TensorShape(outputs), Initialization.Biases(initializer, outputs, inputs, random), ParameterRole.Bias, null, device);
    }

    /// <summary>Input features.</summary>
    public int Inputs { get; }

    /// <summary>Output features.</summary>
    public int Outputs { get; }

    /// <summary>The initializer used at construction.</summary>
    public Initializer Initializer { get; }

    /// <summary>The weight [out, in].</summary>
    public Parameter Weight { get; }

    /// <summary>The bias [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight.Value, Bias?.Value);

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank != 2 || input[1] != Inputs)
            throw new ShapeMismatchException($"{this}: expects input [batch, {Inputs}], got {input}.");
        return new TensorShape(input[0], Outputs);
    }

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("inputs", Inputs);
        context.Set("outputs", Outputs);
        context.Set("bias", Bias is not null);
        context.Set("initializer", Initializer.ToString());
        SaveValues(context);
    }

    /// <summary>Loads a layer written by <see cref="Save"/>.</summary>
    public static Dense Load(ModelLoadContext context)
    {
        var layer = new Dense(context.GetInt32("inputs"), context.GetInt32("outputs"), 0,
            Enum.Parse<Initializer>(context.GetString("initializer")), context.GetBoolean("bias"));
        layer.LoadValues(context);
        return layer;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Dense({Inputs} → {Outputs})";
}
