using System.Text.Json.Nodes;
using PipelineExtensions.Tests.Training.Fakes;
using PipelineExtensions.Tests.Training.Parity;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Callbacks;

/// <summary>
/// ReduceLROnPlateau with <see cref="PlateauBehavior.PyTorch"/> against PyTorch 1.13's sequences
/// (schedules.json). The metric traces are float64 Python floats, fed as doubles; learning rates are compared bit for bit.
/// </summary>
public class ReduceLROnPlateauParityTests
{
    public static TheoryData<string> Cases() => new(ParityData.Schedules["reduce_lr_on_plateau"]!.AsObject().Select(kv => kv.Key));

    private static JsonObject Case(string name) => ParityData.Schedules["reduce_lr_on_plateau"]![name]!.AsObject();

    private static ReduceLROnPlateau PyTorch(JsonObject p) => new()
    {
        Behavior = PlateauBehavior.PyTorch,
        Mode = p["mode"]!.GetValue<string>() == "min" ? MonitorMode.Min : MonitorMode.Max,
        Factor = p["factor"]!.GetValue<double>(),
        Patience = p["patience"]!.GetValue<int>(),
        MinDelta = p["threshold"]!.GetValue<double>(),
        ThresholdMode = p["threshold_mode"]!.GetValue<string>() == "rel" ? ThresholdMode.Relative : ThresholdMode.Absolute,
        Cooldown = p["cooldown"]!.GetValue<int>(),
        MinLearningRate = p["min_lr"]!.GetValue<double>(),
        Eps = p["eps"]!.GetValue<double>(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void State_machine_matches_PyTorch_step_by_step(string name)
    {
        var c = Case(name);
        var p = c["params"]!.AsObject();
        var plateau = PyTorch(p);
        plateau.Reset();
        double lr = p["lr0"]!.GetValue<double>();
        foreach (var node in c["steps"]!.AsArray())
        {
            var step = node!.AsObject();
            double? changed = plateau.Observe(step["metric"]!.GetValue<double>(), lr);
            Assert.Equal(step["reduced"]!.GetValue<bool>(), changed.HasValue);
            lr = changed ?? lr;
            int s = step["step"]!.GetValue<int>();
            Assert.True(ParityData.FromHex(step["lr_after_hex"]!.GetValue<string>()) == lr, $"{name} step {s}: lr {lr:R}");
            Assert.Equal(step["best"]!.GetValue<double>(), plateau.Best);
            Assert.Equal(step["num_bad_epochs"]!.GetValue<int>(), plateau.Wait);
            Assert.Equal(step["cooldown_counter"]!.GetValue<int>(), plateau.CooldownCounter);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Through_the_training_loop_each_epoch_runs_at_PyTorchs_rate(string name)
    {
        var c = Case(name);
        var p = c["params"]!.AsObject();
        var trace = ParityData.Doubles(c["trace"]);
        var expected = ParityData.Doubles(c["lr_after_each_step"]);
        // The scripted model reports the trace as its validation loss; in max mode the "loss" is monitored as a score.
        var model = new ScriptedModel(trace) { LearningRate = p["lr0"]!.GetValue<double>() };
        var history = TrainingLoop.Run(model, new TrainingLoopOptions { Epochs = trace.Length, BatchSize = 8, Callbacks = [PyTorch(p)] });

        Assert.Equal(trace.Length, history.Epochs.Count);
        // Epoch e+1 trains at the rate set after epoch e's metric.
        for (int e = 0; e + 1 < trace.Length; e++)
            Assert.Equal(expected[e], model.LearningRatesSeen[e + 1]);
        Assert.Equal(expected[^1], model.LearningRate);
        int cuts = c["steps"]!.AsArray().Count(s => s!["reduced"]!.GetValue<bool>());
        Assert.Equal(cuts, history.EventsOf(TrainingEventKind.LearningRateChanged).Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Keras_behaviour_with_patience_and_cooldown_one_higher_reproduces_the_PyTorch_rates(string name)
    {
        // PyTorch counts a cut after patience+1 bad epochs and ignores `cooldown` full epochs; Keras cuts after
        // `patience` and its last cooldown epoch already counts. So PyTorch(p, c) ≡ Keras(p+1, c+1) here, where no
        // cut is blocked by the Keras-only min_lr test.
        var c = Case(name);
        var p = c["params"]!.AsObject();
        var torch = PyTorch(p);
        var keras = new ReduceLROnPlateau
        {
            Behavior = PlateauBehavior.Keras,
            Mode = torch.Mode,
            Factor = torch.Factor,
            Patience = torch.Patience + 1,
            Cooldown = torch.Cooldown + 1,
            MinDelta = torch.MinDelta,
            ThresholdMode = torch.ThresholdMode,
            MinLearningRate = torch.MinLearningRate,
        };
        keras.Reset();
        double lr = p["lr0"]!.GetValue<double>();
        var expected = ParityData.Doubles(c["lr_after_each_step"]);
        var trace = ParityData.Doubles(c["trace"]);
        for (int i = 0; i < trace.Length; i++)
        {
            lr = keras.Observe(trace[i], lr) ?? lr;
            Assert.Equal(expected[i], lr);
        }
    }
}
