using Microsoft.Extensions.Logging;
using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>Settings of a <see cref="TrainingLoop"/> run. Validate with <see cref="Validate"/> (the loop does).</summary>
public sealed class TrainingLoopOptions
{
    /// <summary>Maximum number of epochs (a callback may stop earlier). Default 10; at least 1.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Rows per mini-batch. Default 32; at least 1.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Shuffle the training rows every epoch (with <c>SeededRandom.Derive(Seed, epoch)</c>). Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Drop the last batch of an epoch when it is smaller than <see cref="BatchSize"/> (PyTorch's <c>drop_last</c>). Default false.</summary>
    public bool DropLastIncompleteBatch { get; set; }

    /// <summary>Seed of the shuffles and of each step's <see cref="TrainingBatch.Seed"/>. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>How the training metrics of an epoch are measured. Default <see cref="TrainMetricsMode.Running"/>.</summary>
    public TrainMetricsMode TrainMetrics { get; set; } = TrainMetricsMode.Running;

    /// <summary>The policies, called in this order.</summary>
    public IList<TrainingCallback> Callbacks { get; set; } = [];

    /// <summary>Receives each epoch's report after its callbacks ran. Optional.</summary>
    public IProgress<EpochReport>? Progress { get; set; }

    /// <summary>Where the loop logs epochs and events. Optional.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Throws when a setting is out of range; the message names it.</summary>
    public void Validate()
    {
        Check.Positive(Epochs);
        Check.Positive(BatchSize);
        ArgumentNullException.ThrowIfNull(Callbacks, nameof(Callbacks));
        for (int i = 0; i < Callbacks.Count; i++)
            if (Callbacks[i] is null)
                throw new ArgumentException($"Callbacks[{i}] is null.", nameof(Callbacks));
        if (Callbacks.Distinct(ReferenceEqualityComparer.Instance).Count() != Callbacks.Count)
            throw new ArgumentException("The same callback instance appears twice in Callbacks.", nameof(Callbacks));
    }
}

/// <summary>How an epoch's training metrics are measured.</summary>
public enum TrainMetricsMode
{
    /// <summary>
    /// From the forward passes of the epoch's own steps, as Keras reports them: free, but measured with
    /// dropout on and with weights that change during the epoch.
    /// </summary>
    Running,

    /// <summary>An extra inference pass over the whole training set after the epoch: exact, costs about a third of an epoch.</summary>
    Evaluate,
}
