using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Schedules;

/// <summary>Schedules without a parity vector, against their published formulas.</summary>
public class ScheduleTests
{
    [Fact]
    public void PiecewiseConstant_uses_keras_boundaries_inclusive_on_the_left_interval()
    {
        var s = new PiecewiseConstant([10, 20], [1.0, 0.5, 0.1]);
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.1, 0.1], new long[] { 0, 10, 11, 20, 21, 1000 }.Select(s.LearningRateAt));
        Assert.Throws<ArgumentException>(() => new PiecewiseConstant([10, 10], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => new PiecewiseConstant([10], [1]));
    }

    [Fact]
    public void CosineDecay_with_warm_restarts_follows_the_SGDR_formula()
    {
        var s = new CosineDecay(0.1, decaySteps: 4, minLearningRate: 0.01) { WarmRestarts = true, PeriodMultiplier = 2 };
        // Periods of 4, 8, 16 steps: restarts at steps 4 and 12.
        double Expected(long position, long period) => 0.01 + (0.1 - 0.01) * (1 + Math.Cos(Math.PI * position / period)) / 2;
        Assert.Equal(0.1, s.LearningRateAt(0));
        Assert.Equal(Expected(2, 4), s.LearningRateAt(2));
        Assert.Equal(0.1, s.LearningRateAt(4));
        Assert.Equal(Expected(7, 8), s.LearningRateAt(11));
        Assert.Equal(0.1, s.LearningRateAt(12));
        Assert.Equal(Expected(8, 16), s.LearningRateAt(20));
    }

    [Fact]
    public void Cosine_matches_its_closed_form_within_rounding()
    {
        var s = new CosineDecay(0.1, decaySteps: 1000, minLearningRate: 1e-3) { AfterDecay = CosineAfterDecay.Continue };
        for (long t = 0; t <= 3000; t += 7)
            Assert.Equal(1e-3 + (0.1 - 1e-3) * (1 + Math.Cos(Math.PI * t / 1000)) / 2, s.LearningRateAt(t), 1e-13);
    }

    [Fact]
    public void LinearWarmup_rises_linearly_then_hands_over_shifted()
    {
        var inner = new StepDecay(0.1, stepSize: 10, gamma: 0.5);
        var s = new LinearWarmup(inner, warmupSteps: 5, startLearningRate: 0.0);
        Assert.Equal([0.0, 0.02, 0.04, 0.06, 0.08], Enumerable.Range(0, 5).Select(t => s.LearningRateAt(t)), new ToleranceComparer(1e-15));
        Assert.Equal(0.1, s.LearningRateAt(5));
        Assert.Equal(0.05, s.LearningRateAt(15));
        var cycle = new LinearWarmup(new OneCycle(0.1, 20), 5);
        Assert.Equal(25, cycle.DefinedSteps);
        Assert.Equal(cycle.Inner.MomentumAt(0), cycle.MomentumAt(3));
    }

    [Fact]
    public void ExponentialDecay_grows_when_the_rate_is_above_one_and_staircase_holds_steps()
    {
        var s = new ExponentialDecay(1.0, decaySteps: 2, decayRate: 4);
        Assert.Equal(2.0, s.LearningRateAt(1), 1e-15);
        Assert.Equal(1.0, new ExponentialDecay(1.0, 2, 4) { Staircase = true }.LearningRateAt(1));
    }

    [Fact]
    public void OneCycle_three_phase_returns_to_the_initial_rate_before_annealing()
    {
        var s = new OneCycle(1.0, totalSteps: 100, percentStart: 0.25) { ThreePhase = true };
        Assert.Equal(1.0 / 25, s.LearningRateAt(0), 1e-15);
        Assert.Equal(1.0, s.LearningRateAt(24), 1e-15);
        Assert.Equal(1.0 / 25, s.LearningRateAt(48), 1e-15);
        Assert.Equal(1.0 / 25 / 1e4, s.LearningRateAt(99), 1e-15);
        Assert.Null(new OneCycle(1, 10) { CycleMomentum = false }.MomentumAt(0));
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Contains("initialLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0, 10, 0.9)).Message);
        Assert.Contains("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1, 0)).Message);
        Assert.Contains("minLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 10, 0.2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1, 10, percentStart: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1, 1).LearningRateAt(-1));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
