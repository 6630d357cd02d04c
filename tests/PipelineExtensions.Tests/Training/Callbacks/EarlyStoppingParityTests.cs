using System.Text.Json.Nodes;
using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Tests.Training.Parity;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Callbacks;

/// <summary>
/// EarlyStopping through the real loop against the Keras outcomes of schedules.json. Metric precision: the
/// traces are fed as the doubles given — float64 for the plain traces, float32 values (widened exactly) for the
/// <c>*_float32_metrics_as_keras_logs</c> traces — so both precisions are covered and each gives its own stop epoch.
/// </summary>
public class EarlyStoppingParityTests
{
    public static TheoryData<string> Cases() => new(ParityData.Schedules["keras_early_stopping"]!.AsObject()
        .Where(kv => kv.Value is JsonObject).Select(kv => kv.Key));

    private sealed class Probe(EarlyStopping stopping) : TrainingCallback
    {
        public List<(int Wait, double Best, int BestEpoch)> Seen { get; } = [];

        public override void OnEpochEnd(TrainingContext context, EpochReport report) => Seen.Add((stopping.Wait, stopping.Best, stopping.BestEpoch));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stop_epoch_best_epoch_and_wait_match_Keras(string name)
    {
        var c = ParityData.Schedules["keras_early_stopping"]![name]!.AsObject();
        var trace = ParityData.Doubles(c["trace"]);
        var stopping = new EarlyStopping
        {
            Monitor = MetricNames.ValidationLoss,
            Mode = c["mode"]!.GetValue<string>() == "min" ? MonitorMode.Min : MonitorMode.Max,
            Patience = c["patience"]!.GetValue<int>(),
            MinDelta = c["min_delta"]!.GetValue<double>(),
            RestoreBestWeights = true,
        };
        var probe = new Probe(stopping);
        var model = new ScriptedModel(trace);
        var history = TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = trace.Length, BatchSize = 8, Callbacks = [stopping, probe] });

        Assert.Equal(c["epochs_run"]!.GetValue<int>(), history.Epochs.Count);
        bool stopped = c["stopped"]!.GetValue<bool>();
        Assert.Equal(stopped ? StopReason.EarlyStopping : StopReason.EpochsCompleted, history.StopReason);
        Assert.Equal(stopped ? c["stopped_epoch0"]!.GetValue<int>() : null, stopping.StoppedEpoch);
        Assert.Equal(c["best_epoch0"]!.GetValue<int>(), stopping.BestEpoch);
        Assert.Equal(c["best_value"]!.GetValue<double>(), stopping.Best);

        var perEpoch = c["per_epoch"]!.AsArray();
        Assert.Equal(perEpoch.Count, probe.Seen.Count);
        for (int e = 0; e < perEpoch.Count; e++)
        {
            var expected = perEpoch[e]!.AsObject();
            Assert.Equal(expected["wait"]!.GetValue<int>(), probe.Seen[e].Wait);
            Assert.Equal(expected["best"]!.GetValue<double>(), probe.Seen[e].Best);
            Assert.Equal(expected["best_epoch0"]!.GetValue<int>(), probe.Seen[e].BestEpoch);
        }
        Assert.Equal(perEpoch.Count(p => p!["improved"]!.GetValue<bool>()), history.EventsOf(TrainingEventKind.BestEpoch).Count());

        // Keras 3 restores the best weights at the end whenever restore_best_weights is set (the JSON's
        // restore field records Keras 2, which restored only after an early stop: null for the steady trace).
        int best = c["best_epoch0"]!.GetValue<int>();
        if (c["restore_best_weights_restores_epoch0"] is { } restores)
            Assert.Equal(restores.GetValue<int>(), best);
        Assert.Equal(best, history.RestoredEpoch);
        Assert.Equal(best + 1, model.Weight);   // one step per epoch: the weights after epoch `best`
    }

    [Fact]
    public void Exactly_min_delta_improvement_depends_on_precision_as_the_parity_note_says()
    {
        var es = ParityData.Schedules["keras_early_stopping"]!.AsObject();
        Assert.Equal(5, es["brief_trace_patience3_delta0.01"]!["stopped_epoch0"]!.GetValue<int>());          // float64: 0.84 + 0.01 == 0.85
        Assert.Equal(8, es["brief_trace_float32_metrics_as_keras_logs"]!["stopped_epoch0"]!.GetValue<int>()); // float32: improves
        Assert.False(0.84 + 0.01 < 0.85);
        Assert.True((double)0.84f + 0.01 < (double)0.85f);
    }
}
