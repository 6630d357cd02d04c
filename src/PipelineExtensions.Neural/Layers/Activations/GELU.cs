using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>x·Φ(x) with the exact normal CDF (PyTorch's default GELU).</summary>
[ModelComponent("pipex.nn.gelu")]
public sealed class GELU : Activation
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Gelu(input);

    /// <summary>Loads the layer.</summary>
    public static GELU Load(ModelLoadContext context) => new();

    /// <inheritdoc/>
    public override string ToString() => "GELU";
}
