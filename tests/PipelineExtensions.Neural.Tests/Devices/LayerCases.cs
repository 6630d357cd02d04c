using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// The layer, loss and optimizer cases of the device-conformance suite, free of the test framework (the GPU
/// benchmark app links this file to run them on CUDA): each runs on a device from seeded inputs and returns every
/// output it produced, named.
/// </summary>
internal static class LayerCases
{
    public static readonly string[] LayerNames =
    [
        "dense", "conv", "conv-stride", "conv-nobias", "maxpool", "avgpool", "gap", "bn1", "bn2", "dropout", "relu", "leaky", "gelu",
        "sigmoid", "tanh", "softmax", "flatten", "residual", "residual-projection", "sequential"
    ];

    public static readonly string[] LossNames = ["cross-entropy", "cross-entropy-weighted-smoothed", "cross-entropy-soft", "bce", "mse"];

    public static readonly string[] OptimizerNames = ["sgd", "adam", "adamw", "rmsprop"];

    public static (Module Layer, int[] Shape) Make(string name) => name switch
    {
        "dense" => (new Dense(4, 3, seed: 1), [5, 4]),
        "conv" => (new Conv2d(2, 3, 3, padding: 1, seed: 2), [2, 2, 5, 5]),
        "conv-stride" => (new Conv2d(2, 3, 3, stride: 2, seed: 3), [2, 2, 7, 6]),
        "conv-nobias" => (new Conv2d(3, 4, 1, useBias: false, seed: 11), [2, 3, 3, 3]),
        "maxpool" => (new MaxPool2d(2), [2, 2, 4, 6]),
        "avgpool" => (new AvgPool2d(3, 2, 1), [2, 2, 5, 5]),
        "gap" => (new GlobalAvgPool2d(), [2, 3, 3, 4]),
        "bn1" => (new BatchNorm1d(4), [6, 4]),
        "bn2" => (new BatchNorm2d(2), [3, 2, 3, 3]),
        "dropout" => (new Dropout(0.3, seed: 12), [4, 25]),
        "relu" => (new ReLU(), [3, 4]),
        "leaky" => (new LeakyReLU(0.1), [3, 4]),
        "gelu" => (new GELU(), [3, 4]),
        "sigmoid" => (new Sigmoid(), [3, 4]),
        "tanh" => (new Tanh(), [3, 4]),
        "softmax" => (new Softmax(), [3, 4]),
        "flatten" => (new Flatten(), [2, 3, 2, 2]),
        "residual" => (ResidualBlock.Basic(2, 2, 1, seed: 4), [3, 2, 4, 4]),
        "residual-projection" => (ResidualBlock.Basic(2, 3, 2, seed: 5), [3, 2, 4, 4]),
        _ => (new Sequential(new Dense(4, 6, seed: 6), new Tanh(), new Dense(6, 2, seed: 7)), [3, 4]),
    };

    // Forward (training), backward from a fixed output gradient, forward (evaluation): everything it produced.
    public static List<(string What, float[] Values)> RunLayer(string name, Device device)
    {
        var (layer, shape) = Make(name);
        layer.To(device);
        var results = new List<(string, float[])>();
        using (new TensorScope())
        {
            var size = new TensorShape(shape).Size;
            var values = name == "maxpool" ? TestData.Distinct(size, 9) : TestData.AwayFromZero(size, 8);
            var x = Tensor.FromSpan(values, new TensorShape(shape), device);
            x.RequiresGrad = true;
            layer.Train();
            var y = layer.Forward(x);
            var weights = Tensor.FromSpan(TestData.Uniform(y.Size, 777), y.Shape, device);
            Functional.Sum(y * weights).Backward();
            results.Add(("output", y.ToArray()));
            results.Add(("input gradient", x.Grad!.ToArray()));
            foreach (var (pname, p) in layer.NamedParameters())
                results.Add(($"gradient of {pname}", p.Grad!.ToArray()));
            foreach (var (bname, b) in layer.NamedBuffers())
                results.Add(($"buffer {bname}", b.ToArray()));
            layer.Eval();
            using (GradMode.NoGrad())
                results.Add(("evaluation output", layer.Forward(x).ToArray()));
        }
        return results;
    }

    // Loss value and gradient with respect to the logits.
    public static List<(string, float[])> RunLoss(string name, Device device)
    {
        using var scope = new TensorScope();
        int rows = 6, cols = 4;
        var logits = Tensor.FromSpan(TestData.Uniform(rows * cols, 300, -3f, 3f), new TensorShape(rows, cols), device);
        logits.RequiresGrad = true;
        int[] labels = [0, 3, 1, -1, 2, 3];
        float[] sampleWeights = [1f, 0.5f, 2f, 1f, 0f, 1.5f];
        var targets = Tensor.FromSpan(TestData.Uniform(rows * cols, 301, 0f, 1f), new TensorShape(rows, cols), device);
        Tensor loss = name switch
        {
            "cross-entropy" => new CrossEntropyLoss().Forward(logits, labels),
            "cross-entropy-weighted-smoothed" => new CrossEntropyLoss([1f, 2f, 0.5f, 1f], 0.1).Forward(logits, labels, sampleWeights),
            "cross-entropy-soft" => new CrossEntropyLoss().Forward(logits, Functional.Softmax(targets), sampleWeights),
            "bce" => new BceWithLogitsLoss([1f, 2f, 0.5f, 3f]).Forward(logits, targets, sampleWeights),
            _ => new MseLoss().Forward(logits, targets, sampleWeights),
        };
        loss.Backward();
        return [("loss", [loss.Item()]), ("logit gradient", logits.Grad!.ToArray())];
    }

    // Three optimizer steps on a small network with L2 penalty and gradient clipping: the parameters afterwards.
    public static List<float[]> RunOptimizer(string name, Device device)
    {
        var net = new Sequential(new Dense(5, 7, seed: 21), new ReLU(), new Dense(7, 3, seed: 22));
        net.SetWeightRegularizer(Regularizer.Ridge(1e-2));
        net.To(device);
        var parameters = net.Parameters();
        Optimizer optimizer = name switch
        {
            "sgd" => new Sgd(parameters, 0.1, momentum: 0.9, nesterov: true),
            "adam" => new Adam(parameters, 1e-2, amsgrad: true),
            "adamw" => new AdamW(parameters, 1e-2, weightDecay: 0.1),
            _ => new RmsProp(parameters, 1e-2, momentum: 0.5, centered: true),
        };
        for (int step = 0; step < 3; step++)
        {
            using var scope = new TensorScope();
            var x = Tensor.FromSpan(TestData.Uniform(8 * 5, 310 + step), new TensorShape(8, 5), device);
            optimizer.ZeroGrad();
            var loss = new CrossEntropyLoss().Forward(net.Forward(x), [0, 1, 2, 0, 1, 2, 0, 1]);
            (loss + net.RegularizationPenalty()!).Backward();
            GradientClipping.ClipByNorm(parameters, 0.5);
            optimizer.Step();
        }
        return parameters.Select(p => p.Value.ToArray()).ToList();
    }
}
