using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PipelineExtensions.Training;

/// <summary>
/// The LR range test (Smith 2015; fastai's <c>lr_find</c>): trains for a few steps while the learning rate grows
/// exponentially from a tiny to a huge value, records the smoothed loss, stops once the loss diverges, puts the
/// model back exactly as it was, and suggests a learning rate.
/// </summary>
/// <remarks>
/// Step i (0-based) uses <c>start · (end/start)^(i/steps)</c>. The smoothed loss is the debiased moving average
/// <c>avg = β·avg + (1−β)·loss; smooth = avg / (1 − β^(i+1))</c>. The sweep stops after <c>steps</c> steps, or when the
/// smoothed loss exceeds 4× its best or is NaN. Suggestions are judged on the curve without its first tenth and last
/// five points, as fastai does.
/// </remarks>
/// <example>
/// <code>
/// var result = LearningRateFinder.Run(model, new LearningRateFinderOptions { Seed = 1 });
/// model.LearningRate = result.Suggested ?? 1e-3;
/// </code>
/// </example>
public static class LearningRateFinder
{
    private const long StepSeedStream = 0x6c72_6669_6e64; // "lrfind"

    /// <summary>Runs the range test on <paramref name="model"/>, whose state (weights, optimizer, learning rate) is restored afterwards.</summary>
    public static LearningRateFinderResult Run(ITrainableModel model, LearningRateFinderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var plan = new BatchPlan(model, options.BatchSize, shuffle: true, dropLast: false, options.Seed, StepSeedStream);
        var logger = options.Logger ?? NullLogger.Instance;

        var saved = model.CaptureSnapshot(SnapshotScope.TrainingState);
        double savedRate = model.LearningRate;
        var lrs = new List<double>();
        var losses = new List<double>();
        var smoothed = new List<double>();
        bool diverged = false;
        try
        {
            var predictions = new int[plan.BatchSize];
            double ratio = options.EndLearningRate / options.StartLearningRate;
            double average = 0, best = double.PositiveInfinity;
            for (int step = 0; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int epoch = step / plan.StepsPerEpoch, b = step % plan.StepsPerEpoch;
                if (b == 0)
                    plan.BeginEpoch(epoch);
                var rows = plan.Batch(b);
                double lr = options.StartLearningRate * Math.Pow(ratio, (double)step / options.Steps);
                model.LearningRate = lr;
                double loss = model.TrainBatch(new TrainingBatch(rows, epoch, b, step, plan.StepSeed(step)), predictions.AsSpan(0, rows.Length));
                average = options.Smoothing * average + (1 - options.Smoothing) * loss;
                double smooth = average / (1 - Math.Pow(options.Smoothing, step + 1));
                lrs.Add(lr);
                losses.Add(loss);
                smoothed.Add(smooth);
                if (smooth < best)
                    best = smooth;
                if (options.StopOnDivergence && (double.IsNaN(smooth) || smooth > options.DivergenceFactor * best))
                {
                    diverged = true;
                    logger.LogInformation("LR finder stopped at step {Step}: smoothed loss {Loss} at lr {Lr} (best {Best})", step + 1,
                        smooth.ToString("G4", CultureInfo.InvariantCulture), lr.ToString("G3", CultureInfo.InvariantCulture), best.ToString("G4", CultureInfo.InvariantCulture));
                    break;
                }
            }
        }
        finally
        {
            model.RestoreSnapshot(saved);
            model.LearningRate = savedRate;
        }
        var result = new LearningRateFinderResult([.. lrs], [.. losses], [.. smoothed], diverged, options.Steps / 10, 5);
        logger.LogInformation("LR finder: {Count} steps, suggested learning rate {Suggested}", lrs.Count, result.Suggested?.ToString("G3", CultureInfo.InvariantCulture) ?? "none");
        return result;
    }
}
