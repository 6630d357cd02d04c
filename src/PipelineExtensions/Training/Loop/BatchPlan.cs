using PipelineExtensions.Randomness;

namespace PipelineExtensions.Training;

/// <summary>
/// How a run walks the training rows: the seeded order of each epoch (<c>SeededRandom.Derive(seed, epoch)</c>),
/// its mini-batches, and the seed handed to each optimizer step. Shared by the training loop and the LR finder.
/// </summary>
internal sealed class BatchPlan
{
    private readonly int[] _order;
    private readonly bool _shuffle;
    private readonly long _seed, _stepSeedBase;

    /// <param name="model">The model; its training part is checked (rows, labels).</param>
    /// <param name="batchSize">Requested rows per batch (capped at the row count).</param>
    /// <param name="shuffle">Shuffle each epoch.</param>
    /// <param name="dropLast">Drop an incomplete last batch.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="stepStream">A stream number that separates this kind of run's step seeds from others'.</param>
    public BatchPlan(ITrainableModel model, int batchSize, bool shuffle, bool dropLast, long seed, long stepStream)
    {
        Rows = CheckedRowCount(model, DataPart.Training);
        if (Rows <= 0)
            throw new ArgumentException("The model has no training rows.", nameof(model));
        CheckedRowCount(model, DataPart.Validation);
        BatchSize = Math.Min(batchSize, Rows);
        StepsPerEpoch = dropLast ? Rows / BatchSize : (Rows + BatchSize - 1) / BatchSize;
        _order = new int[Rows];
        _shuffle = shuffle;
        _seed = seed;
        _stepSeedBase = SeededRandom.MixSeed(seed, stepStream);
    }

    /// <summary>Training rows.</summary>
    public int Rows { get; }

    /// <summary>Rows per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Optimizer steps per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Orders the rows for <paramref name="epoch"/>: a permutation from <c>Derive(seed, epoch)</c>, or 0..n−1 without shuffling.</summary>
    public void BeginEpoch(int epoch)
    {
        for (int i = 0; i < _order.Length; i++)
            _order[i] = i;
        if (_shuffle)
            SeededRandom.Derive(_seed, epoch).Shuffle(_order.AsSpan());
    }

    /// <summary>The rows of batch <paramref name="index"/> of the current epoch.</summary>
    public ReadOnlySpan<int> Batch(int index)
    {
        int start = index * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, Rows - start));
    }

    /// <summary>The seed of global step <paramref name="step"/>.</summary>
    public long StepSeed(long step) => SeededRandom.MixSeed(_stepSeedBase, step);

    private static int CheckedRowCount(ITrainableModel model, DataPart part)
    {
        int n = model.RowCount(part);
        int labels = model.Labels(part).Length;
        if (labels != n)
            throw new ArgumentException($"The model reports {n} {part.ToString().ToLowerInvariant()} rows but {labels} {part.ToString().ToLowerInvariant()} labels.", nameof(model));
        return n;
    }
}
