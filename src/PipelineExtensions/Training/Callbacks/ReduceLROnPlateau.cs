using System.Globalization;
using PipelineExtensions.Options;

namespace PipelineExtensions.Training;

/// <summary>
/// Cuts the learning rate by <see cref="Factor"/> when the monitored metric stops improving, with either Keras'
/// or PyTorch's rules (<see cref="Behavior"/>).
/// </summary>
/// <remarks>
/// <para><b>Improvement.</b> Both behaviours compare the epoch's value <c>a</c> with the best so far <c>b</c>:
/// absolute threshold — <c>a &lt; b − d</c> when minimising, <c>a &gt; b + d</c> when maximising; relative threshold —
/// <c>a &lt; b·(1 − d)</c> and <c>a &gt; b·(d + 1)</c>, where <c>d</c> is <see cref="MinDelta"/> (Keras' <c>min_delta</c>,
/// PyTorch's <c>threshold</c>). Keras only has the absolute form; PyTorch defaults to the relative one
/// (<see cref="ThresholdMode"/> null picks the behaviour's own default).</para>
/// <para><b>Keras</b> (<c>keras.callbacks.ReduceLROnPlateau</c>), per epoch: if in cooldown, decrement the
/// cooldown counter and set <c>wait = 0</c>; then if the value improved, it becomes the best and <c>wait = 0</c>;
/// otherwise, if no longer in cooldown, <c>wait += 1</c> and when <c>wait ≥ patience</c> and
/// <c>float32(lr) &gt; float32(min_lr)</c> the rate becomes <c>max(lr·factor, min_lr)</c>, the cooldown counter is set to
/// <see cref="Cooldown"/> and <c>wait = 0</c>. Because the counter is decremented before the test, the last
/// cooldown epoch already counts towards patience: a cooldown of c ignores c − 1 epochs.</para>
/// <para><b>PyTorch</b> (<c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>), per epoch: if the value improved it
/// becomes the best and <c>num_bad_epochs = 0</c>, else <c>num_bad_epochs += 1</c>; if in cooldown, decrement the
/// counter and set <c>num_bad_epochs = 0</c>; when <c>num_bad_epochs &gt; patience</c> the rate becomes
/// <c>max(lr·factor, min_lr)</c> — applied only if it falls by more than <see cref="Eps"/> — and the counter is set
/// to <see cref="Cooldown"/>, <c>num_bad_epochs = 0</c> (even when the rate was already at its minimum).
/// A cooldown of c ignores c full epochs, and PyTorch's patience p cuts after p + 1 bad epochs where Keras'
/// cuts after p: PyTorch's patience p behaves like Keras' patience p + 1.</para>
/// <para>Defaults follow the behaviour's library where they differ only in naming: factor 0.1, patience 10,
/// min_delta/threshold 1e-4, cooldown 0, min_lr 0, eps 1e-8. The default behaviour is Keras.</para>
/// <para>With a <see cref="LearningRateScheduler"/> active, the cut is kept as a multiplier on the schedule
/// (<see cref="TrainingContext.LearningRateScale"/>).</para>
/// </remarks>
/// <example>
/// <code>
/// var keras = new ReduceLROnPlateau { Monitor = "val_loss", Factor = 0.2, Patience = 5, MinLearningRate = 1e-5 };
/// var torch = new ReduceLROnPlateau { Behavior = PlateauBehavior.PyTorch, Factor = 0.2, Patience = 2, Cooldown = 1 };
/// </code>
/// </example>
public sealed class ReduceLROnPlateau : MonitorCallback
{
    /// <summary>Keras (default) or PyTorch counting rules; see the class remarks.</summary>
    public PlateauBehavior Behavior { get; init; } = PlateauBehavior.Keras;

    /// <summary>The new rate is <c>lr · factor</c>; in (0, 1). Default 0.1.</summary>
    public double Factor
    {
        get;
        init
        {
            if (!(value > 0 && value < 1))
                throw new ArgumentOutOfRangeException(nameof(Factor), value, $"Factor must be in (0, 1), got {value}.");
            field = value;
        }
    } = 0.1;

    /// <summary>Epochs without improvement tolerated before a cut (≥ 0); counted as described in the remarks. Default 10.</summary>
    public int Patience { get; init => field = Check.NonNegative(value); } = 10;

    /// <summary>Keras' <c>min_delta</c> / PyTorch's <c>threshold</c> (≥ 0). Default 1e-4.</summary>
    public double MinDelta { get; init => field = Check.NonNegative(value); } = 1e-4;

    /// <summary>Absolute or relative threshold; null (default) takes the behaviour's own: Keras absolute, PyTorch relative.</summary>
    public ThresholdMode? ThresholdMode { get; init; }

    /// <summary>Epochs after a cut during which bad epochs are not counted (≥ 0). Default 0.</summary>
    public int Cooldown { get; init => field = Check.NonNegative(value); }

    /// <summary>Lower bound of the learning rate (≥ 0). Default 0.</summary>
    public double MinLearningRate { get; init => field = Check.NonNegative(value); }

    /// <summary>PyTorch behaviour only: a cut smaller than this is not applied (≥ 0). Default 1e-8.</summary>
    public double Eps { get; init => field = Check.NonNegative(value); } = 1e-8;

    /// <summary>The threshold mode in effect.</summary>
    public ThresholdMode EffectiveThresholdMode =>
        ThresholdMode ?? (Behavior == PlateauBehavior.Keras ? Training.ThresholdMode.Absolute : Training.ThresholdMode.Relative);

    /// <summary>The best value so far.</summary>
    public double Best { get; private set; }

    /// <summary>Bad epochs counted towards patience (Keras' <c>wait</c>, PyTorch's <c>num_bad_epochs</c>).</summary>
    public int Wait { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        base.OnTrainBegin(context);
        Reset();
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochReport report)
    {
        double? newRate = Observe(report.GetMetric(Monitor), context.Model.LearningRate);
        if (newRate is { } lr)
        {
            context.SetLearningRate(lr, Name, string.Create(CultureInfo.InvariantCulture,
                $"{Monitor} has not improved on {Best:G6} for {(Behavior == PlateauBehavior.Keras ? Patience : Patience + 1)} epochs"));
        }
    }

    /// <summary>
    /// Applies one epoch's value to the plateau state, given the current learning rate; returns the new rate
    /// when it should change (the state machine without a training loop, used by the loop and by tests).
    /// </summary>
    public double? Observe(double current, double learningRate) =>
        Behavior == PlateauBehavior.Keras ? ObserveKeras(current, learningRate) : ObservePyTorch(current, learningRate);

    /// <summary>Resets the state as at the start of training (direction from <see cref="MonitorCallback.Monitor"/> and <see cref="MonitorCallback.Mode"/>), for use of <see cref="Observe"/> outside a loop.</summary>
    public void Reset()
    {
        HigherIsBetter = ResolveHigherIsBetter(Monitor, Mode);
        Best = WorstValue;
        Wait = 0;
        CooldownCounter = 0;
    }

    private double? ObserveKeras(double current, double lr)
    {
        double? result = null;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            Wait = 0;
        }
        if (Improved(current))
        {
            Best = current;
            Wait = 0;
        }
        else if (CooldownCounter == 0)
        {
            Wait++;
            // Keras keeps the rate in a float32 variable and compares it with float32(min_lr).
            if (Wait >= Patience && (float)lr > (float)MinLearningRate)
            {
                result = Math.Max(lr * Factor, MinLearningRate);
                CooldownCounter = Cooldown;
                Wait = 0;
            }
        }
        return result;
    }

    private double? ObservePyTorch(double current, double lr)
    {
        double? result = null;
        if (Improved(current))
        {
            Best = current;
            Wait = 0;
        }
        else
        {
            Wait++;
        }
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            Wait = 0;
        }
        if (Wait > Patience)
        {
            double reduced = Math.Max(lr * Factor, MinLearningRate);
            if (lr - reduced > Eps)
                result = reduced;
            CooldownCounter = Cooldown;
            Wait = 0;
        }
        return result;
    }

    private bool Improved(double a)
    {
        double b = Best, d = MinDelta;
        bool relative = EffectiveThresholdMode == Training.ThresholdMode.Relative;
        if (HigherIsBetter)
            return relative ? a > b * (d + 1) : a > b + d;
        return relative ? a < b * (1 - d) : a < b - d;
    }

    /// <inheritdoc />
    public override void SaveState(CallbackState state)
    {
        state.Set("best", Best);
        state.Set("wait", Wait);
        state.Set("cooldown_counter", CooldownCounter);
    }

    /// <inheritdoc />
    public override void LoadState(CallbackState state)
    {
        Best = state.GetDouble("best");
        Wait = state.GetInt32("wait");
        CooldownCounter = state.GetInt32("cooldown_counter");
    }
}

/// <summary>Whose rules <see cref="ReduceLROnPlateau"/> follows.</summary>
public enum PlateauBehavior
{
    /// <summary>Keras: cut when <c>wait ≥ patience</c>; absolute <c>min_delta</c>; a cooldown of c ignores c − 1 epochs; no eps.</summary>
    Keras,

    /// <summary>PyTorch: cut when <c>num_bad_epochs &gt; patience</c>; relative or absolute threshold; a cooldown of c ignores c epochs; eps.</summary>
    PyTorch,
}

/// <summary>How <see cref="ReduceLROnPlateau.MinDelta"/> is applied.</summary>
public enum ThresholdMode
{
    /// <summary>Improvement beyond <c>best ± d</c>.</summary>
    Absolute,

    /// <summary>Improvement beyond <c>best·(1 ∓ d)</c>.</summary>
    Relative,
}
