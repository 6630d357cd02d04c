using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Losses;

/// <summary>
/// Sigmoid binary cross-entropy on logits (PyTorch's <c>nn.BCEWithLogitsLoss</c>), computed stably, with
/// <c>pos_weight</c> (a weight per output column multiplying the positive term) and per-sample weights.
/// </summary>
/// <remarks>
/// ℓ_ij = −[pw_j·y·log σ(x) + (1−y)·log(1−σ(x))]; the loss is Σᵢⱼ sᵢ·ℓ_ij / (cols·Σᵢ sᵢ) — PyTorch's mean over all
/// elements when the sample weights are 1. Logits may be [batch] or [batch, outputs]; targets have the same shape.
/// </remarks>
public sealed class BceWithLogitsLoss
{
    private readonly float[] _positiveWeight;
    private float[] _rowScale = [];
    private float[] _ones = [];

    /// <summary>Creates the loss.</summary>
    /// <param name="positiveWeight">Optional weight of positives per output column (PyTorch's <c>pos_weight</c>; ≥ 0).</param>
    public BceWithLogitsLoss(float[]? positiveWeight = null) =>
        _positiveWeight = LossWeights.CheckClassWeights("BceWithLogitsLoss", positiveWeight, nameof(positiveWeight));

    /// <summary>The positive weights (empty when none).</summary>
    public IReadOnlyList<float> PositiveWeight => _positiveWeight;

    /// <summary>The loss of <paramref name="logits"/> against 0/1 (or soft) <paramref name="targets"/>.</summary>
    /// <exception cref="ShapeMismatchException">Shapes differ; the message names both.</exception>
    public Tensor Forward(Tensor logits, Tensor targets, ReadOnlySpan<float> sampleWeights = default)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Rank is < 1 or > 2)
            throw new ShapeMismatchException($"BceWithLogitsLoss: logits must be [batch] or [batch, outputs], got {logits.Shape}.");
        if (targets.Shape != logits.Shape)
            throw new ShapeMismatchException("BceWithLogitsLoss", logits.Shape, targets.Shape, "targets must have the logits' shape");
        int rows = logits.Shape[0], cols = logits.Rank == 2 ? logits.Shape[1] : 1;
        if (_positiveWeight.Length != 0 && _positiveWeight.Length != cols)
            throw new ShapeMismatchException($"BceWithLogitsLoss: {_positiveWeight.Length} positive weights for logits {logits.Shape} with {cols} outputs.");
        LossWeights.CheckSampleWeights("BceWithLogitsLoss", sampleWeights, rows);
        NumericCheck.IfEnabled(logits, "BceWithLogitsLoss logits");
        NumericCheck.IfEnabled(targets, "BceWithLogitsLoss targets");
        if (_rowScale.Length < rows)
        {
            _rowScale = new float[rows];
            _ones = new float[rows];
            Array.Fill(_ones, 1f);
        }
        LossWeights.RowScale(_rowScale.AsSpan(0, rows), sampleWeights, _ones.AsSpan(0, rows), cols);
        var device = logits.Device;
        var rowScale = Tensor.FromSpan(_rowScale.AsSpan(0, rows), new TensorShape(rows), device);
        var pw = _positiveWeight.Length == 0 ? null : Tensor.FromSpan(_positiveWeight, new TensorShape(cols), device);
        var loss = Tensor.Empty(TensorShape.Scalar, device);
        var t = targets.Detach();
        device.BceWithLogitsForward(logits.Storage, t.Storage, pw?.Storage, rowScale.Storage, rows, cols, loss.Storage);
        return GradNode.Needed(logits) ? new BceNode(logits, t, pw, rowScale, rows, cols).Attach(loss) : loss;
    }

    private sealed class BceNode(Tensor logits, Tensor targets, Tensor? pw, Tensor rowScale, int rows, int cols) : GradNode(logits)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var t = BackwardEngine.GradTarget(logits, out bool acc);
            g.Device.BceWithLogitsBackward(logits.Storage, targets.Storage, pw?.Storage, rowScale.Storage, g.Storage, rows, cols, t.Storage, acc);
        }
    }
}
