namespace PipelineExtensions.Training;

/// <summary>One mini-batch handed to <see cref="ITrainableModel.TrainBatch"/>.</summary>
public readonly ref struct TrainingBatch
{
    /// <summary>Creates a batch description.</summary>
    public TrainingBatch(ReadOnlySpan<int> rows, int epoch, int index, long step, long seed)
    {
        Rows = rows;
        Epoch = epoch;
        Index = index;
        Step = step;
        Seed = seed;
    }

    /// <summary>Indices of the training rows in this batch, in batch order.</summary>
    public ReadOnlySpan<int> Rows { get; }

    /// <summary>The epoch, 0-based.</summary>
    public int Epoch { get; }

    /// <summary>The batch index within the epoch.</summary>
    public int Index { get; }

    /// <summary>The global optimizer step this batch performs (0-based; equals the number of steps before it).</summary>
    public long Step { get; }

    /// <summary>
    /// The seed for all randomness of this step (dropout, online augmentation): derived from the loop's seed
    /// and <see cref="Step"/>, so a resumed run draws the same numbers as an uninterrupted one.
    /// </summary>
    public long Seed { get; }
}
