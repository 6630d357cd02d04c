using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

/// <summary>
/// The record of one differentiable operation: its inputs and how to push the output's gradient back to them.
/// Implementations write input gradients through <see cref="BackwardEngine.GradTarget"/> (accumulating where a
/// gradient already exists) and never keep or alias the output gradient they are given.
/// </summary>
internal abstract class GradNode
{
    protected GradNode(params Tensor[] inputs) => Inputs = inputs;

    /// <summary>The tensors this operation read (only those requiring a gradient get one).</summary>
    public Tensor[] Inputs { get; }

    /// <summary>Adds ∂L/∂input for every input that requires a gradient, given ∂L/∂output.</summary>
    public abstract void Backward(Tensor output, Tensor gradOutput);

    /// <summary>True when any input requires a gradient and recording is on.</summary>
    public static bool Needed(Tensor a) => GradMode.IsEnabled && a.RequiresGrad;

    /// <summary>True when any input requires a gradient and recording is on.</summary>
    public static bool Needed(Tensor a, Tensor? b) => GradMode.IsEnabled && (a.RequiresGrad || (b?.RequiresGrad ?? false));

    /// <summary>True when any input requires a gradient and recording is on.</summary>
    public static bool Needed(Tensor a, Tensor? b, Tensor? c) =>
        GradMode.IsEnabled && (a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false));

    /// <summary>Makes <paramref name="output"/> the result of this node.</summary>
    public Tensor Attach(Tensor output)
    {
        output.GradFn = this;
        output.RequiresGrad = true;
        return output;
    }
}
