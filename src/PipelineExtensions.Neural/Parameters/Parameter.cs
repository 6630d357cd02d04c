using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Parameters;

/// <summary>
/// A trainable tensor of a module (a weight, a bias, a batch-norm scale...). Its <see cref="Value"/> requires a
/// gradient, lives outside any <see cref="TensorScope"/>, and accumulates <see cref="Grad"/> over backward passes
/// until an optimizer's <c>ZeroGrad</c>.
/// </summary>
public sealed class Parameter
{
    internal Parameter(string name, Tensor value, ParameterRole role, Regularizer? regularizer)
    {
        Name = name;
        Value = value;
        Role = role;
        Regularizer = regularizer;
        value.RequiresGrad = true;
        value.Name = name;
    }

    /// <summary>The name within its module, e.g. "weight"; <see cref="Layers.Module.NamedParameters"/> gives full paths.</summary>
    public string Name { get; }

    /// <summary>The values (persistent, requires a gradient).</summary>
    public Tensor Value { get; private set; }

    /// <summary>The accumulated gradient (null before the first backward pass).</summary>
    public Tensor? Grad => Value.Grad;

    /// <summary>What the parameter is (weights get kernel regularizers; biases usually not).</summary>
    public ParameterRole Role { get; }

    /// <summary>The L1/L2 penalty on this parameter (Keras <c>kernel_regularizer</c> semantics), or null.</summary>
    public Regularizer? Regularizer { get; set; }

    /// <summary>Number of values.</summary>
    public int Size => Value.Size;

    /// <summary>The shape.</summary>
    public TensorShape Shape => Value.Shape;

    internal void Replace(Tensor value)
    {
        value.RequiresGrad = true;
        value.Name = Name;
        Value = value;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Shape}";
}

/// <summary>The role of a parameter within its layer.</summary>
public enum ParameterRole
{
    /// <summary>A weight matrix or convolution kernel.</summary>
    Weight,
    /// <summary>An additive bias.</summary>
    Bias,
    /// <summary>A normalisation scale (γ).</summary>
    Scale,
    /// <summary>A normalisation shift (β).</summary>
    Shift,
}
