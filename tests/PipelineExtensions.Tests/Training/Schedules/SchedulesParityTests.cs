using System.Text.Json.Nodes;
using PipelineExtensions.Tests.Training.Parity;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Schedules;

/// <summary>
/// Schedules against PyTorch 1.13 and Keras (shared/parity/schedules.json, copied to Training/Parity). Learning
/// rates are float64 and compared bit for bit through the hex values; Keras' float32 variant is compared bit for bit too.
/// </summary>
public class SchedulesParityTests
{
    private static JsonObject Case(string name) => ParityData.Schedules[name]!.AsObject();

    private static double[] Hex(JsonNode? node) => node!.AsArray().Select(v => ParityData.FromHex(v!.GetValue<string>())).ToArray();

    private static void AssertBitEqual(double[] expected, Func<long, double> actual)
    {
        for (int t = 0; t < expected.Length; t++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[t]) == BitConverter.DoubleToInt64Bits(actual(t)),
                $"step {t}: expected {expected[t]:R}, got {actual(t):R}");
    }

    [Fact]
    public void Hex_parser_reads_python_float_hex()
    {
        Assert.Equal(0.1, ParityData.FromHex("0x1.999999999999ap-4"));
        Assert.Equal(0.01, ParityData.FromHex("0x1.47ae147ae147bp-7"));
        Assert.Equal(-2.5, ParityData.FromHex("-0x1.4000000000000p+1"));
    }

    [Fact]
    public void ExponentialLR_is_StepDecay_with_step_size_one_bit_for_bit()
    {
        var c = Case("exponential_lr");
        var schedule = new StepDecay(c["lr0"]!.GetValue<double>(), stepSize: 1, gamma: c["gamma"]!.GetValue<double>());
        AssertBitEqual(Hex(c["lr_by_step_hex"]), schedule.LearningRateAt);
    }

    [Fact]
    public void ExponentialLR_values_are_also_reproduced_out_of_order()
    {
        var c = Case("exponential_lr");
        var expected = Hex(c["lr_by_step_hex"]);
        var schedule = new StepDecay(0.1, 1, 0.96);
        // The cache must not make the value depend on the call order.
        foreach (int t in new[] { 10, 3, 7, 0, 10, 1 })
            Assert.Equal(expected[t], schedule.LearningRateAt(t));
    }

    [Fact]
    public void StepLR_bit_for_bit()
    {
        var c = Case("step_lr");
        var schedule = new StepDecay(c["lr0"]!.GetValue<double>(), c["step_size"]!.GetValue<long>(), c["gamma"]!.GetValue<double>());
        AssertBitEqual(Hex(c["lr_by_step_hex"]), schedule.LearningRateAt);
    }

    [Fact]
    public void CosineAnnealingLR_bit_for_bit_including_past_T_max()
    {
        var c = Case("cosine_annealing_lr");
        var schedule = new CosineDecay(c["lr0"]!.GetValue<double>(), c["T_max"]!.GetValue<long>(), c["eta_min"]!.GetValue<double>())
        {
            AfterDecay = CosineAfterDecay.Continue,
        };
        var expected = Hex(c["lr_by_step_hex"]);
        Assert.Equal(21, expected.Length);
        AssertBitEqual(expected, schedule.LearningRateAt);
    }

    [Fact]
    public void CosineDecay_hold_keeps_the_minimum_after_the_decay()
    {
        var c = Case("cosine_annealing_lr");
        var expected = Hex(c["lr_by_step_hex"]);
        var schedule = new CosineDecay(0.1, 10, 1e-4);
        AssertBitEqual(expected[..11], schedule.LearningRateAt);
        for (int t = 11; t <= 20; t++)
            Assert.Equal(expected[10], schedule.LearningRateAt(t));
    }

    [Theory]
    [InlineData("one_cycle_lr_cos", AnnealStrategy.Cosine)]
    [InlineData("one_cycle_lr_linear_extra", AnnealStrategy.Linear)]
    public void OneCycleLR_learning_rate_and_momentum_bit_for_bit(string name, AnnealStrategy anneal)
    {
        var c = Case(name);
        var p = c["params"]!.AsObject();
        var schedule = new OneCycle(p["max_lr"]!.GetValue<double>(), p["total_steps"]!.GetValue<long>(), p["pct_start"]!.GetValue<double>(), anneal)
        {
            DivFactor = p["div_factor"]!.GetValue<double>(),
            FinalDivFactor = p["final_div_factor"]!.GetValue<double>(),
            BaseMomentum = p["base_momentum"]!.GetValue<double>(),
            MaxMomentum = p["max_momentum"]!.GetValue<double>(),
        };
        AssertBitEqual(Hex(c["lr_used_at_step_hex"]), schedule.LearningRateAt);
        var momentum = ParityData.Doubles(c["momentum_used_at_step"]);
        for (int t = 0; t < momentum.Length; t++)
            Assert.Equal(momentum[t], schedule.MomentumAt(t)!.Value);

        // PyTorch allows one scheduler step past the last optimizer step, and raises on the next one.
        var beyond = c["beyond_total_steps"]!.AsArray();
        Assert.Equal(beyond[0]!["lr"]!.GetValue<double>(), schedule.LearningRateAt(20));
        Assert.Contains("Tried to step", beyond[1]!["error"]!.GetValue<string>());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRateAt(21));
        Assert.Contains("0..20", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keras_ExponentialDecay_float64_bit_for_bit(bool staircase)
    {
        var c = Case("keras_exponential_decay");
        var schedule = new ExponentialDecay(c["initial_learning_rate"]!.GetValue<double>(), c["decay_steps"]!.GetValue<long>(), c["decay_rate"]!.GetValue<double>())
        {
            Staircase = staircase,
        };
        var steps = c["steps"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
        var expected = Hex(c["by_staircase"]![staircase ? "True" : "False"]!["float64_hex"]);
        for (int i = 0; i < steps.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(schedule.LearningRateAt(steps[i])));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keras_ExponentialDecay_float32_bit_for_bit(bool staircase)
    {
        var c = Case("keras_exponential_decay");
        var schedule = new ExponentialDecay(0.1, 10, 0.96) { Staircase = staircase, Float32 = true };
        var steps = c["steps"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
        var expected = Hex(c["by_staircase"]![staircase ? "True" : "False"]!["float32_emulated_hex"]);
        for (int i = 0; i < steps.Length; i++)
            Assert.True(expected[i] == schedule.LearningRateAt(steps[i]), $"step {steps[i]}: expected {expected[i]:R}, got {schedule.LearningRateAt(steps[i]):R}");
    }
}
