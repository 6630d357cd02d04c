using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>The rows of one data part as the session reads them: features, labels (−1 missing) and optional example weights.</summary>
internal sealed record NeuralPartData(VectorColumn Features, int[] Labels, float[]? Weights)
{
    public int Count => Labels.Length;
}

/// <summary>
/// The neural engine behind <see cref="ITrainableModel"/>: gathers a batch's rows, applies online augmentation,
/// runs forward, loss (+ L1/L2 penalty), backward, clipping and the optimizer step; evaluates in inference mode;
/// captures and restores parameters and optimizer state.
/// </summary>
/// <remarks>
/// All randomness of a step comes from <see cref="TrainingBatch.Seed"/> (the network's dropout streams are
/// reseeded with it) or from the augmenter's (seed, epoch, row) streams, so checkpoints resume exactly.
/// Reported losses include the regularization penalty in training and in evaluation, as Keras reports them.
/// </remarks>
internal sealed class NeuralTrainingSession : ITrainableModel
{
    private const int EvaluationBatch = 256;

    private readonly Module _network;
    private readonly Optimizer _optimizer;
    private readonly CrossEntropyLoss _trainLoss, _evaluationLoss;
    private readonly Device _device;
    private readonly int[] _sampleShape;
    private readonly int _sampleSize;
    private readonly NeuralPartData _train;
    private readonly NeuralPartData? _validation;
    private readonly BatchAugmenter? _augmenter;
    private readonly double? _clipNorm;
    private float[] _batch = [], _weights = [], _soft = [], _logits = [];
    private int[] _labels = [];

    public NeuralTrainingSession(Module network, Optimizer optimizer, CrossEntropyLoss trainLoss, CrossEntropyLoss evaluationLoss, Device device,
        int[] sampleShape, int classCount, NeuralPartData train, NeuralPartData? validation, BatchAugmenter? augmenter, double? clipNorm)
    {
        _network = network;
        _optimizer = optimizer;
        _trainLoss = trainLoss;
        _evaluationLoss = evaluationLoss;
        _device = device;
        _sampleShape = sampleShape;
        _sampleSize = sampleShape.Aggregate(1, (a, b) => a * b);
        ClassCount = classCount;
        _train = train;
        _validation = validation;
        _augmenter = augmenter;
        _clipNorm = clipNorm;
    }

    public int ClassCount { get; }

    public double LearningRate
    {
        get => _optimizer.LearningRate;
        set => _optimizer.LearningRate = value;
    }

    public int RowCount(DataPart part) => Part(part)?.Count ?? 0;

    public ReadOnlySpan<int> Labels(DataPart part) => Part(part) is { } p ? p.Labels : [];

    public double TrainBatch(in TrainingBatch batch, Span<int> predictedClasses)
    {
        var rows = batch.Rows;
        int n = rows.Length, size = _sampleSize, k = ClassCount;
        Ensure(ref _batch, n * size);
        Ensure(ref _labels, n);
        Ensure(ref _logits, n * k);
        var features = _train.Features.Data;
        var x = _batch.AsSpan(0, n * size);
        var labels = _labels.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            features.Slice(rows[i] * size, size).CopyTo(x.Slice(i * size, size));
            labels[i] = _train.Labels[rows[i]];
        }
        ReadOnlySpan<float> weights = default;
        if (_train.Weights is { } w)
        {
            Ensure(ref _weights, n);
            for (int i = 0; i < n; i++)
                _weights[i] = w[rows[i]];
            weights = _weights.AsSpan(0, n);
        }
        bool soft = _augmenter is { MixesLabels: true };
        if (_augmenter is not null)
        {
            if (soft)
                Ensure(ref _soft, n * k);
            _augmenter.Augment(x, labels, rows, batch.Epoch, soft ? _soft.AsSpan(0, n * k) : default);
        }

        _network.Train();
        _network.Reseed(batch.Seed);
        using var scope = new TensorScope();
        var input = Tensor.FromSpan(x, Shape(n), _device);
        var logits = _network.Forward(input);
        var loss = soft
            ? _trainLoss.Forward(logits, Tensor.FromSpan(_soft.AsSpan(0, n * k), new TensorShape(n, k), _device), weights)
            : _trainLoss.Forward(logits, labels, weights);
        var total = _network.RegularizationPenalty() is { } penalty ? loss + penalty : loss;
        _optimizer.ZeroGrad();
        total.Backward();
        if (_clipNorm is { } clip)
            GradientClipping.ClipByNorm(_optimizer.Parameters, clip);
        _optimizer.Step();
        logits.CopyTo(_logits.AsSpan(0, n * k));
        ArgMax(_logits.AsSpan(0, n * k), k, predictedClasses);
        return total.Item();
    }

    public double Evaluate(DataPart part, Span<int> predictedClasses)
    {
        var data = Part(part) ?? throw new InvalidOperationException($"There is no {part} data.");
        int k = ClassCount, size = _sampleSize;
        Ensure(ref _logits, EvaluationBatch * k);
        var features = data.Features.Data;
        double weightedSum = 0, denominator = 0;
        _network.Eval();
        using (GradMode.NoGrad())
        {
            for (int start = 0; start < data.Count; start += EvaluationBatch)
            {
                int m = Math.Min(EvaluationBatch, data.Count - start);
                using var scope = new TensorScope();
                var input = Tensor.FromSpan(features.Slice(start * size, m * size), Shape(m), _device);
                var logits = _network.Forward(input);
                var labels = data.Labels.AsSpan(start, m);
                ReadOnlySpan<float> weights = data.Weights is { } w ? w.AsSpan(start, m) : default;
                double rowsWeight = 0;
                for (int i = 0; i < m; i++)
                    if (labels[i] >= 0)
                        rowsWeight += weights.IsEmpty ? 1 : weights[i];
                if (rowsWeight > 0)
                {
                    weightedSum += _evaluationLoss.Forward(logits, labels, weights).Item() * rowsWeight;
                    denominator += rowsWeight;
                }
                logits.CopyTo(_logits.AsSpan(0, m * k));
                ArgMax(_logits.AsSpan(0, m * k), k, predictedClasses.Slice(start, m));
            }
            double loss = denominator > 0 ? weightedSum / denominator : double.NaN;
            if (_network.RegularizationPenalty() is { } penalty)
            {
                using var scope = new TensorScope();
                loss += penalty.Item();
            }
            return loss;
        }
    }

    public bool ParametersAreFinite()
    {
        foreach (var p in _optimizer.Parameters)
            foreach (float v in p.Value.ToArray())
                if (!float.IsFinite(v))
                    return false;
        return true;
    }

    public IModelSnapshot CaptureSnapshot(SnapshotScope scope) => NeuralSnapshot.Capture(_network, _optimizer, scope);

    public void RestoreSnapshot(IModelSnapshot snapshot)
    {
        var s = snapshot as NeuralSnapshot ?? throw new ArgumentException($"A {snapshot?.GetType().Name ?? "null"} is not a snapshot of a neural model.", nameof(snapshot));
        s.RestoreTo(_network);
        if (s.Optimizer is { } state)
        {
            // The learning rate belongs to the training policies, not to the snapshot.
            double rate = _optimizer.LearningRate;
            _optimizer.RestoreState(state);
            _optimizer.LearningRate = rate;
        }
    }

    public void WriteSnapshot(IModelSnapshot snapshot, Stream destination) =>
        (snapshot as NeuralSnapshot ?? throw new ArgumentException("Not a snapshot of a neural model.", nameof(snapshot))).Write(destination);

    public IModelSnapshot ReadSnapshot(Stream source) => NeuralSnapshot.Read(source);

    private NeuralPartData? Part(DataPart part) => part == DataPart.Training ? _train : _validation;

    private TensorShape Shape(int rows) => new([rows, .. _sampleShape]);

    private static void ArgMax(ReadOnlySpan<float> logits, int k, Span<int> predicted)
    {
        for (int i = 0; i < predicted.Length; i++)
        {
            var row = logits.Slice(i * k, k);
            int best = 0;
            for (int c = 1; c < k; c++)
                if (row[c] > row[best])
                    best = c;
            predicted[i] = best;
        }
    }

    private static void Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new T[length];
    }
}
