using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Losses;

/// <summary>
/// Mean squared error (PyTorch's <c>nn.MSELoss</c>): mean of (prediction − target)² over all elements; with
/// per-sample weights, Σᵢ sᵢ·Σⱼ(…)² / (cols·Σᵢ sᵢ).
/// </summary>
public sealed class MseLoss
{
    /// <summary>The loss of <paramref name="prediction"/> against <paramref name="target"/> (same shape; first dimension is the batch).</summary>
    /// <exception cref="ShapeMismatchException">Shapes differ; the message names both.</exception>
    public Tensor Forward(Tensor prediction, Tensor target, ReadOnlySpan<float> sampleWeights = default)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Shape != target.Shape)
            throw new ShapeMismatchException("MseLoss", prediction.Shape, target.Shape, "prediction and target must have the same shape");
        NumericCheck.IfEnabled(prediction, "MseLoss prediction");
        NumericCheck.IfEnabled(target, "MseLoss target");
        var squared = Functional.Square(prediction - target.Detach());
        if (sampleWeights.IsEmpty)
            return Functional.Mean(squared);
        int rows = prediction.Rank == 0 ? 1 : prediction.Shape[0];
        LossWeights.CheckSampleWeights("MseLoss", sampleWeights, rows);
        var scale = new float[rows];
        var ones = new float[rows];
        Array.Fill(ones, 1f);
        LossWeights.RowScale(scale, sampleWeights, ones, prediction.Size / (double)rows);
        var dims = new int[prediction.Rank];
        Array.Fill(dims, 1);
        dims[0] = rows;
        var weights = Tensor.FromSpan(scale, new TensorShape(dims), prediction.Device);
        return Functional.Sum(squared * weights);
    }
}
