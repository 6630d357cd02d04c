using System.Globalization;

namespace PipelineExtensions.Training;

/// <summary>
/// Everything measured in one epoch: training and validation metrics, the learning rate, the step count and
/// the wall time. Reported through <c>IProgress&lt;EpochReport&gt;</c> and kept in <see cref="TrainingHistory"/>.
/// </summary>
public sealed class EpochReport
{
    /// <summary>Creates a report.</summary>
    public EpochReport(int epoch, int epochs, double learningRate, long steps, TimeSpan duration, EpochMetrics train, EpochMetrics? validation)
    {
        Epoch = epoch;
        Epochs = epochs;
        LearningRate = learningRate;
        Steps = steps;
        Duration = duration;
        Train = train ?? throw new ArgumentNullException(nameof(train));
        Validation = validation;
    }

    /// <summary>The epoch index, 0-based (Keras prints it 1-based).</summary>
    public int Epoch { get; }

    /// <summary>The planned number of epochs.</summary>
    public int Epochs { get; }

    /// <summary>The learning rate of the epoch's last optimizer step.</summary>
    public double LearningRate { get; }

    /// <summary>Optimizer steps taken since training began, including this epoch's.</summary>
    public long Steps { get; }

    /// <summary>Wall time of the epoch (training and evaluation).</summary>
    public TimeSpan Duration { get; }

    /// <summary>Training metrics.</summary>
    public EpochMetrics Train { get; }

    /// <summary>Validation metrics, or null without a validation set.</summary>
    public EpochMetrics? Validation { get; }

    /// <summary>The names <see cref="TryGetMetric"/> accepts for this report.</summary>
    public IReadOnlyList<string> MetricNamesAvailable
    {
        get
        {
            var names = new List<string>(MetricNames.PerPart);
            if (Validation is not null)
                names.AddRange(MetricNames.PerPart.Select(MetricNames.Validation));
            names.Add(MetricNames.LearningRate);
            return names;
        }
    }

    /// <summary>Looks a figure up by its <see cref="MetricNames"/> name (e.g. <c>"val_loss"</c>).</summary>
    public bool TryGetMetric(string name, out double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        double? found = name == MetricNames.LearningRate ? LearningRate
            : name.StartsWith(MetricNames.ValidationPrefix, StringComparison.Ordinal) ? Validation?.Get(name[MetricNames.ValidationPrefix.Length..])
            : Train.Get(name);
        value = found ?? double.NaN;
        return found.HasValue;
    }

    /// <summary>The figure called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such figure in this report; the message lists the available ones.</exception>
    public double GetMetric(string name) =>
        TryGetMetric(name, out double value) ? value
            : throw new KeyNotFoundException($"Epoch report has no metric '{name}'. Available: {string.Join(", ", MetricNamesAvailable)}.");

    /// <inheritdoc />
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        string text = string.Format(ci, "Epoch {0}/{1}: loss {2:G4}, accuracy {3:P2}", Epoch + 1, Epochs, Train.Loss, Train.Accuracy);
        if (Validation is not null)
            text += string.Format(ci, ", val_loss {0:G4}, val_accuracy {1:P2}, val_balanced_accuracy {2:P2}", Validation.Loss, Validation.Accuracy, Validation.BalancedAccuracy);
        return text + string.Format(ci, ", lr {0:G3} ({1:F1} s)", LearningRate, Duration.TotalSeconds);
    }
}
