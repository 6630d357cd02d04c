using PipelineExtensions.Cli.Remedies;
using PipelineExtensions.Data;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Demo;

/// <summary>Everything the demo produced: the data, both runs, the diagnosis, the remedies and the scores.</summary>
public sealed class DemoResult
{
    /// <summary>The class names.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>The training rows: the imbalanced subset.</summary>
    public required DataTable Train { get; init; }

    /// <summary>The validation rows: half the embedded test sample, class-balanced.</summary>
    public required DataTable Validation { get; init; }

    /// <summary>The test rows both models are scored on: the other half, class-balanced.</summary>
    public required DataTable Test { get; init; }

    /// <summary>Training rows per class before any sampling.</summary>
    public required int[] TrainCounts { get; init; }

    /// <summary>Training rows per class after the remedies' train-only steps.</summary>
    public required int[] TrainCountsAfter { get; init; }

    /// <summary>The plain run's history.</summary>
    public required TrainingHistory PlainHistory { get; init; }

    /// <summary>The plain model's scores on the test rows.</summary>
    public required Evaluation PlainTest { get; init; }

    /// <summary>The plateau doctor's diagnosis of the plain run.</summary>
    public required Diagnosis Diagnosis { get; init; }

    /// <summary>The remedied run.</summary>
    public required RemedyRun<MlpTrainerOptions> Remedied { get; init; }

    /// <summary>The remedied model's scores on the test rows.</summary>
    public required Evaluation RemediedTest { get; init; }

    /// <summary>Wall time of the whole demo.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Balanced accuracy gained on the test rows (after − before), in [−1, 1].</summary>
    public double BalancedAccuracyLift => RemediedTest.BalancedAccuracy - PlainTest.BalancedAccuracy;
}
