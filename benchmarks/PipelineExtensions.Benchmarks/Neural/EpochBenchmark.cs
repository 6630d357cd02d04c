using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Networks;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Benchmarks.Neural;

/// <summary>
/// One training epoch on the full Fashion-MNIST training set (60,000 images, batch 128, Adam lr 1e-3), ours and
/// PyTorch's, same architecture, same thread count, in one run; prints torch_time / our_time and memory figures.
/// </summary>
public abstract class EpochBenchmark : ISideBySideBenchmark
{
    /// <summary>"mlp" or "cnn".</summary>
    protected abstract string Kind { get; }

    /// <inheritdoc/>
    public string Name => Kind + "-epoch";

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int threads = args.Length > 0 ? int.Parse(args[0]) : 2;
        int batch = args.Length > 1 ? int.Parse(args[1]) : 128;
        bool oursOnly = args.Contains("--ours-only");
        int stepIndex = Array.IndexOf(args, "--steps");
        int? maxSteps = stepIndex >= 0 ? int.Parse(args[stepIndex + 1]) : null;
        const int warmup = 20;
        Console.WriteLine($"machine: {TorchReference.Machine()}");
        var (images, labels, imagesPath, labelsPath) = EpochRunner.LoadFashionMnist();
        var device = new CpuDevice(threads);
        Device.Default = device;
        var net = Kind == "mlp" ? Architectures.Mlp(784, [256, 128], 10, seed: 1) : Architectures.SmallCnn(1, 28, 28, 10, seed: 1);
        int[] sampleShape = Kind == "mlp" ? [784] : [1, 28, 28];
        Console.WriteLine($"network ({net.ParameterCount:N0} parameters):\n{net.Summary(new TensorShape([batch, .. sampleShape]))}");
        var runner = new EpochRunner(net, images, labels, sampleShape, batch);
        var (rssBefore, _) = EpochRunner.ResidentMiB();
        EpochRunner.ResetPeak();
        var ours = runner.Run(warmup, seed: 1, maxSteps);
        var (rssAfter, rssPeak) = EpochRunner.ResidentMiB();

        if (oursOnly)
        {
            Console.WriteLine($"ours: {ours.Seconds:F2} s, {ours.Steps} steps, mean loss {ours.MeanLoss:F4}, {ours.BytesPerStep:N0} bytes allocated per step");
            return 0;
        }
        var reference = TorchReference.Run("epoch", threads.ToString(), Kind, imagesPath, labelsPath, batch.ToString(), warmup.ToString());
        var theirs = reference["epoch"]!;
        double torchSeconds = theirs["seconds"]!.GetValue<double>();
        TorchReference.PrintEnvironment(reference, full: false);
        Console.WriteLine();
        Console.WriteLine($"{"",-8} {"epoch s",9} {"steps",6} {"mean loss",10} {"images/s",9}");
        Console.WriteLine($"{"ours",-8} {ours.Seconds,9:F2} {ours.Steps,6} {ours.MeanLoss,10:F4} {labels.Length / ours.Seconds,9:F0}");
        Console.WriteLine($"{"torch",-8} {torchSeconds,9:F2} {theirs["steps"],6} {theirs["mean_loss"]!.GetValue<double>(),10:F4} {labels.Length / torchSeconds,9:F0}");
        Console.WriteLine($"torch_time / our_time = {torchSeconds / ours.Seconds:F2}");

        double dataMiB = (images.Data.Length * 4.0 + labels.Length * 4.0) / (1 << 20);
        double paramMiB = net.ParameterCount * 4.0 / (1 << 20);
        double optimizerMiB = 2 * paramMiB; // Adam: two moments
        double activationMiB = ActivationMiB(net, batch, sampleShape);
        double budget = dataMiB + paramMiB + optimizerMiB + activationMiB;
        Console.WriteLine();
        Console.WriteLine($"memory: data {dataMiB:F1} MiB + parameters {paramMiB:F1} + Adam state {optimizerMiB:F1} + one batch's activations {activationMiB:F1} = {budget:F1} MiB");
        Console.WriteLine($"resident before training {rssBefore:F1} MiB, after {rssAfter:F1} MiB, peak during training {rssPeak:F1} MiB = {rssPeak / budget:F2}× the sum (target ≤ 2×)");
        Console.WriteLine($"managed allocation per steady-state step: {ours.BytesPerStep:N0} bytes; pooled tensor memory {device.PooledFloats * 4.0 / (1 << 20):F1} MiB");
        return 0;
    }

    // Every layer output of the forward pass for one batch (what autograd keeps for the backward pass).
    private static double ActivationMiB(PipelineExtensions.Neural.Layers.Sequential net, int batch, int[] sampleShape)
    {
        var shape = new TensorShape([batch, .. sampleShape]);
        double floats = shape.Size;
        foreach (var layer in net)
        {
            shape = layer.OutputShape(shape);
            floats += shape.Size;
        }
        return floats * 4 / (1 << 20);
    }
}

/// <summary>The MLP 784-256-128-10 epoch.</summary>
public sealed class MlpEpochBenchmark : EpochBenchmark
{
    /// <inheritdoc/>
    protected override string Kind => "mlp";

    /// <inheritdoc/>
    public override string Description => "one Fashion-MNIST epoch, MLP 784-256-128-10, batch 128, Adam, vs PyTorch";
}

/// <summary>The small CNN epoch.</summary>
public sealed class CnnEpochBenchmark : EpochBenchmark
{
    /// <inheritdoc/>
    protected override string Kind => "cnn";

    /// <inheritdoc/>
    public override string Description => "one Fashion-MNIST epoch, small CNN (conv32-pool-conv64-pool-fc128-drop-fc10), vs PyTorch";
}
