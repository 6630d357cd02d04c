using System.Diagnostics;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Benchmarks.Neural;

/// <summary>
/// Each layer of the small CNN at batch 128: forward, and forward+backward (input gradient where the layer is
/// not first, parameter gradients), ours vs PyTorch, same thread count. Locates where an epoch's time goes.
/// </summary>
public sealed class LayerOpsBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc/>
    public string Name => "cnn-layers";

    /// <inheritdoc/>
    public string Description => "each small-CNN layer's forward and forward+backward at batch 128 vs PyTorch";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int threads = args.Length > 0 ? int.Parse(args[0]) : 2;
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 10;
        Console.WriteLine($"machine: {TorchReference.Machine()}");
        Device.Default = new CpuDevice(threads);
        (string Name, Module Layer, int[] Shape, bool InputGrad)[] cases =
        [
            ("conv1", new Conv2d(1, 32, 3, padding: 1), [128, 1, 28, 28], false),
            ("relu1", new ReLU(), [128, 32, 28, 28], true),
            ("pool1", new MaxPool2d(2), [128, 32, 28, 28], true),
            ("conv2", new Conv2d(32, 64, 3, padding: 1), [128, 32, 14, 14], true),
            ("relu2", new ReLU(), [128, 64, 14, 14], true),
            ("pool2", new MaxPool2d(2), [128, 64, 14, 14], true),
            ("fc1", new Dense(3136, 128), [128, 3136], true),
        ];
        var ours = cases.Select(c => Time(c.Layer, c.Shape, c.InputGrad, repeats)).ToArray();
        var reference = TorchReference.Run("ops", threads.ToString(), repeats.ToString());
        for (int i = 0; i < cases.Length; i++)
        {
            var again = Time(cases[i].Layer, cases[i].Shape, cases[i].InputGrad, repeats);
            ours[i] = (Math.Min(ours[i].Forward, again.Forward), Math.Min(ours[i].Both, again.Both));
        }
        TorchReference.PrintEnvironment(reference, full: false);
        Console.WriteLine($"{"layer",-7} {"ours fwd ms",12} {"torch fwd ms",13} {"ratio",6}   {"ours f+b ms",12} {"torch f+b ms",13} {"ratio",6}");
        double sumOurs = 0, sumTorch = 0;
        for (int i = 0; i < cases.Length; i++)
        {
            var t = reference["ops"]![cases[i].Name]!;
            double tf = t["forward"]!.GetValue<double>(), tb = t["forward_backward"]!.GetValue<double>();
            sumOurs += ours[i].Both;
            sumTorch += tb;
            Console.WriteLine($"{cases[i].Name,-7} {ours[i].Forward * 1e3,12:F3} {tf * 1e3,13:F3} {tf / ours[i].Forward,6:F2}   {ours[i].Both * 1e3,12:F3} {tb * 1e3,13:F3} {tb / ours[i].Both,6:F2}");
        }
        Console.WriteLine($"{"total",-7} {"",12} {"",13} {"",6}   {sumOurs * 1e3,12:F3} {sumTorch * 1e3,13:F3} {sumTorch / sumOurs,6:F2}");
        return 0;
    }

    private static (double Forward, double Both) Time(Module layer, int[] shape, bool inputGrad, int repeats)
    {
        var values = new float[new TensorShape(shape).Size];
        var random = new PipelineExtensions.Randomness.SeededRandom(1);
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextSingle() - 0.5f;
        double forward = double.MaxValue, both = double.MaxValue;
        for (int r = 0; r < repeats + 2; r++)
        {
            using var scope = new TensorScope();
            var x = Tensor.FromSpan(values, new TensorShape(shape));
            x.RequiresGrad = inputGrad;
            Tensor g;
            using (PipelineExtensions.Neural.Autograd.GradMode.NoGrad())
            {
                var sw = Stopwatch.StartNew();
                var y0 = layer.Forward(x);
                forward = r >= 2 ? Math.Min(forward, sw.Elapsed.TotalSeconds) : forward;
                g = Tensor.Full(y0.Shape, 0.5f);
            }
            var sw2 = Stopwatch.StartNew();
            var y = layer.Forward(x);
            y.Backward(g);
            if (r >= 2)
                both = Math.Min(both, sw2.Elapsed.TotalSeconds);
            foreach (var p in layer.Parameters())
                p.Grad?.Fill(0f);
        }
        return (forward, both);
    }
}
