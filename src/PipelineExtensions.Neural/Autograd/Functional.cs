using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Autograd;

/// <summary>
/// Differentiable tensor operations. Each checks shapes (messages name both shapes), runs on the inputs'
/// device and, when an input requires a gradient and <see cref="GradMode"/> is on, records how to differentiate.
/// The files <c>Functional.*.cs</c> group the operations by family.
/// </summary>
public static partial class Functional
{
    internal static Device SameDevice(string op, Tensor a, Tensor b)
    {
        if (a.Device != b.Device)
            throw new ArgumentException($"{op}: tensors live on different devices ({a.Device} and {b.Device}).");
        return a.Device;
    }

    internal static void RequireRank(string op, Tensor t, int rank, string what)
    {
        if (t.Rank != rank)
            throw new ShapeMismatchException($"{op}: {what} must have {rank} dimensions, got shape {t.Shape}.");
    }
}
