using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;

namespace PipelineExtensions.Neural.Losses;

/// <summary>
/// Softmax cross-entropy on logits [batch, classes], with PyTorch's <c>nn.CrossEntropyLoss</c> semantics for class
/// weights and label smoothing, plus per-sample weights and soft (probability) targets for Mixup/CutMix.
/// </summary>
/// <remarks>
/// <para>With class labels yᵢ, class weights w and smoothing ε, row i contributes
/// ℓᵢ = (1−ε)·w[yᵢ]·(−log p_i,yᵢ) + (ε/C)·Σ_c w_c·(−log p_ic), and the loss is the weighted mean
/// Σᵢ sᵢ·ℓᵢ / Σᵢ sᵢ·w[yᵢ] — exactly PyTorch's "mean" reduction when all sample weights sᵢ are 1.</para>
/// <para>With probability targets t (rows summing to 1), ℓᵢ = −Σ_c w_c·t'_ic·log p_ic with t' = (1−ε)·t + ε/C, and the
/// loss is Σᵢ sᵢ·ℓᵢ / Σᵢ sᵢ — PyTorch's mean over the batch for probability targets.</para>
/// <para>Negative labels (−1 marks a missing label) are ignored, like PyTorch's <c>ignore_index</c>.</para>
/// </remarks>
public sealed class CrossEntropyLoss
{
    private readonly float[] _classWeights;
    private float[] _targets = [];
    private float[] _rowScale = [];
    private float[] _denominator = [];

    /// <summary>Creates the loss.</summary>
    /// <param name="classWeights">Optional weight per class (≥ 0; PyTorch's <c>weight</c>).</param>
    /// <param name="labelSmoothing">ε in [0, 1] (PyTorch's <c>label_smoothing</c>).</param>
    public CrossEntropyLoss(float[]? classWeights = null, double labelSmoothing = 0)
    {
        _classWeights = LossWeights.CheckClassWeights("CrossEntropyLoss", classWeights, nameof(classWeights));
        LabelSmoothing = Check.InRange(labelSmoothing, 0, 1);
    }

    /// <summary>The class weights (empty when none).</summary>
    public IReadOnlyList<float> ClassWeights => _classWeights;

    /// <summary>Label smoothing ε.</summary>
    public double LabelSmoothing { get; }

    /// <summary>The loss against class labels.</summary>
    /// <param name="logits">Scores [batch, classes].</param>
    /// <param name="labels">A label per row in [0, classes), or negative to ignore the row.</param>
    /// <param name="sampleWeights">Optional weight per row (≥ 0); empty for none.</param>
    /// <exception cref="ShapeMismatchException">Counts do not match; the message names them.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is ≥ the number of classes (the message names the row).</exception>
    public Tensor Forward(Tensor logits, ReadOnlySpan<int> labels, ReadOnlySpan<float> sampleWeights = default)
    {
        var (rows, cols) = CheckLogits(logits);
        if (labels.Length != rows)
            throw new ShapeMismatchException($"CrossEntropyLoss: {labels.Length} labels for logits {logits.Shape}.");
        LossWeights.CheckSampleWeights("CrossEntropyLoss", sampleWeights, rows);
        EnsureScratch(rows, cols);
        var t = _targets.AsSpan(0, rows * cols);
        t.Clear();
        float eps = (float)LabelSmoothing, off = eps / cols;
        var denom = _denominator.AsSpan(0, rows);
        for (int i = 0; i < rows; i++)
        {
            int y = labels[i];
            if (y >= cols)
                throw new ArgumentOutOfRangeException(nameof(labels), y, $"CrossEntropyLoss: label {y} of row {i} is outside [0, {cols}) for logits {logits.Shape}.");
            if (y < 0)
            {
                denom[i] = 0f;
                continue;
            }
            var row = t.Slice(i * cols, cols);
            if (eps > 0)
                row.Fill(off);
            row[y] += 1f - eps;
            denom[i] = _classWeights.Length == 0 ? 1f : _classWeights[y];
        }
        LossWeights.RowScale(_rowScale.AsSpan(0, rows), sampleWeights, denom, 1.0);
        // Ignored rows must not contribute through their smoothing mass either.
        for (int i = 0; i < rows; i++)
            if (labels[i] < 0)
                _rowScale[i] = 0f;
        return Compute(logits, rows, cols, Tensor.FromSpan(t, logits.Shape, logits.Device));
    }

    /// <summary>The loss against probability targets (soft or mixed labels, rows summing to 1).</summary>
    /// <param name="logits">Scores [batch, classes].</param>
    /// <param name="targets">Probabilities [batch, classes] on the logits' device.</param>
    /// <param name="sampleWeights">Optional weight per row (≥ 0).</param>
    public Tensor Forward(Tensor logits, Tensor targets, ReadOnlySpan<float> sampleWeights = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var (rows, cols) = CheckLogits(logits);
        if (targets.Shape != logits.Shape)
            throw new ShapeMismatchException("CrossEntropyLoss", logits.Shape, targets.Shape, "targets must have the logits' shape");
        LossWeights.CheckSampleWeights("CrossEntropyLoss", sampleWeights, rows);
        NumericCheck.IfEnabled(targets, "CrossEntropyLoss targets");
        EnsureScratch(rows, cols);
        _denominator.AsSpan(0, rows).Fill(1f);
        LossWeights.RowScale(_rowScale.AsSpan(0, rows), sampleWeights, _denominator.AsSpan(0, rows), 1.0);
        var t = LabelSmoothing > 0 ? Functional.Affine(targets.Detach(), (float)(1 - LabelSmoothing), (float)(LabelSmoothing / cols)) : targets.Detach();
        return Compute(logits, rows, cols, t);
    }

    private (int Rows, int Cols) CheckLogits(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2)
            throw new ShapeMismatchException($"CrossEntropyLoss: logits must be [batch, classes], got {logits.Shape}.");
        if (_classWeights.Length != 0 && _classWeights.Length != logits.Shape[1])
            throw new ShapeMismatchException($"CrossEntropyLoss: {_classWeights.Length} class weights for logits {logits.Shape} with {logits.Shape[1]} classes.");
        NumericCheck.IfEnabled(logits, "CrossEntropyLoss logits");
        return (logits.Shape[0], logits.Shape[1]);
    }

    private void EnsureScratch(int rows, int cols)
    {
        if (_targets.Length < rows * cols)
            _targets = new float[rows * cols];
        if (_rowScale.Length < rows)
        {
            _rowScale = new float[rows];
            _denominator = new float[rows];
        }
    }

    private Tensor Compute(Tensor logits, int rows, int cols, Tensor targets)
    {
        var device = logits.Device;
        var rowScale = Tensor.FromSpan(_rowScale.AsSpan(0, rows), new TensorShape(rows), device);
        var weights = _classWeights.Length == 0 ? null : Tensor.FromSpan(_classWeights, new TensorShape(cols), device);
        var probabilities = Tensor.Empty(logits.Shape, device);
        var loss = Tensor.Empty(TensorShape.Scalar, device);
        device.CrossEntropyForward(logits.Storage, targets.Storage, weights?.Storage, rowScale.Storage, rows, cols, probabilities.Storage, loss.Storage);
        if (GradNode.Needed(logits))
            return new CrossEntropyNode(logits, targets, weights, rowScale, probabilities, rows, cols).Attach(loss);
        return loss;
    }

    private sealed class CrossEntropyNode(Tensor logits, Tensor targets, Tensor? weights, Tensor rowScale, Tensor probabilities, int rows, int cols)
        : GradNode(logits)
    {
        public override void Backward(Tensor output, Tensor g)
        {
            var t = BackwardEngine.GradTarget(logits, out bool acc);
            g.Device.CrossEntropyBackward(probabilities.Storage, targets.Storage, weights?.Storage, rowScale.Storage, g.Storage, rows, cols, t.Storage, acc);
        }
    }
}
