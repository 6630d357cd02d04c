using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;
using static PipelineExtensions.Neural.Tests.Parity.TorchVectors;
using F = PipelineExtensions.Neural.Autograd.Functional;

namespace PipelineExtensions.Neural.Tests.Parity;

/// <summary>
/// Forward values and gradients of every op, layer and loss, and five steps of every optimizer, against
/// PyTorch 1.13 (Parity/make_vectors.py). Tolerance: 1e-5 relative (1e-5 absolute below 1) for forward and
/// gradient values — float32 results computed in a different summation order — and 2e-6 for optimizer steps.
/// </summary>
public class TorchParityTests
{
    private const double Tol = 1e-5;

    private static void CheckOp(string name, Func<Dictionary<string, Tensor>, Tensor> forward, params string[] inputs)
    {
        var c = Case(name);
        var leaves = inputs.ToDictionary(k => k, k => ToTensor(c[k]!, requiresGrad: true));
        var y = forward(leaves);
        AssertClose(c["y"]!, y, Tol, name + " y");
        y.Backward(ToTensor(c["dy"]!));
        foreach (var k in inputs)
            AssertClose(c["grad_" + k]!, leaves[k].Grad!, Tol, $"{name} grad_{k}");
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("gelu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("softmax")]
    [InlineData("log_softmax")]
    [InlineData("leaky_relu")]
    public void Activations(string name) => CheckOp(name, t => name switch
    {
        "relu" => F.Relu(t["x"]),
        "gelu" => F.Gelu(t["x"]),
        "sigmoid" => F.Sigmoid(t["x"]),
        "tanh" => F.Tanh(t["x"]),
        "softmax" => F.Softmax(t["x"]),
        "log_softmax" => F.LogSoftmax(t["x"]),
        _ => F.LeakyRelu(t["x"], 0.1f),
    }, "x");

    [Fact]
    public void LinearMatMulAndBroadcasting()
    {
        CheckOp("linear", t => F.Linear(t["x"], t["w"], t["b"]), "x", "w", "b");
        CheckOp("matmul", t => F.MatMul(t["a"], t["b"]), "a", "b");
        CheckOp("broadcast_mul", t => t["a"] * t["b"], "a", "b");
    }

    [Theory]
    [InlineData("conv2d_s1_p0", 1, 0)]
    [InlineData("conv2d_s1_p1", 1, 1)]
    [InlineData("conv2d_s2_p1", 2, 1)]
    public void Convolution(string name, int stride, int padding) =>
        CheckOp(name, t => F.Conv2d(t["x"], t["w"], t["b"], stride, stride, padding, padding), "x", "w", "b");

    [Fact]
    public void PointwiseConvolution() => CheckOp("conv2d_1x1", t => F.Conv2d(t["x"], t["w"], null), "x", "w");

    [Theory]
    [InlineData("maxpool_k2_s2_p0")]
    [InlineData("maxpool_k3_s2_p1")]
    [InlineData("avgpool_k2_s2_p0_inc")]
    [InlineData("avgpool_k3_s2_p1_inc")]
    [InlineData("avgpool_k3_s2_p1_exc")]
    public void Pooling(string name)
    {
        var c = Case(name);
        int k = c["kernel"]!.GetValue<int>(), s = c["stride"]!.GetValue<int>(), p = c["padding"]!.GetValue<int>();
        if (name.StartsWith("max"))
            CheckOp(name, t => F.MaxPool2d(t["x"], k, k, s, s, p, p), "x");
        else
            CheckOp(name, t => F.AvgPool2d(t["x"], k, k, s, s, p, p, c["count_include_pad"]!.GetValue<bool>()), "x");
    }

    [Fact]
    public void GlobalAveragePooling() => CheckOp("global_avg_pool", t => F.GlobalAvgPool2d(t["x"]), "x");

    [Theory]
    [InlineData("batchnorm1d_train")]
    [InlineData("batchnorm2d_train")]
    [InlineData("batchnorm2d_eval")]
    public void BatchNormIncludingRunningStatistics(string name)
    {
        var c = Case(name);
        var x = ToTensor(c["x"]!, true);
        int channels = x.Shape[1];
        BatchNorm bn = x.Rank == 2 ? new BatchNorm1d(channels) : new BatchNorm2d(channels);
        bn.Scale.Value.CopyFrom(Values(c["gamma"]!));
        bn.Shift.Value.CopyFrom(Values(c["beta"]!));
        bn.RunningMean.CopyFrom(Values(c["running_mean_before"]!));
        bn.RunningVar.CopyFrom(Values(c["running_var_before"]!));
        bn.Train(c["training"]!.GetValue<bool>());
        var y = bn.Forward(x);
        AssertClose(c["y"]!, y, Tol, "y");
        y.Backward(ToTensor(c["dy"]!));
        AssertClose(c["grad_x"]!, x.Grad!, Tol, "grad_x");
        AssertClose(c["grad_gamma"]!, bn.Scale.Grad!, Tol, "grad_gamma");
        AssertClose(c["grad_beta"]!, bn.Shift.Grad!, Tol, "grad_beta");
        AssertClose(c["running_mean_after"]!, bn.RunningMean, Tol, "running_mean");
        AssertClose(c["running_var_after"]!, bn.RunningVar, Tol, "running_var");
    }

    [Theory]
    [InlineData("ce_nw_ls0.0")]
    [InlineData("ce_nw_ls0.15")]
    [InlineData("ce_w_ls0.0")]
    [InlineData("ce_w_ls0.15")]
    [InlineData("ce_nw_ls0.0_soft")]
    [InlineData("ce_nw_ls0.15_soft")]
    [InlineData("ce_w_ls0.0_soft")]
    [InlineData("ce_w_ls0.15_soft")]
    public void CrossEntropy(string name)
    {
        var c = Case(name);
        var z = ToTensor(c["logits"]!, true);
        float[]? w = c["weight"] is { } wn ? Values(wn) : null;
        var ce = new CrossEntropyLoss(w, c["label_smoothing"]!.GetValue<double>());
        var loss = name.EndsWith("_soft")
            ? ce.Forward(z, ToTensor(c["targets"]!))
            : ce.Forward(z, c["labels"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray());
        AssertClose([(float)c["loss"]!.GetValue<double>()], [(float)loss.Item()], Tol, "loss");
        loss.Backward();
        AssertClose(c["grad_logits"]!, z.Grad!, Tol, "grad_logits");
    }

    [Theory]
    [InlineData("bce")]
    [InlineData("bce_pos_weight")]
    [InlineData("mse")]
    public void BinaryCrossEntropyAndMse(string name)
    {
        var c = Case(name);
        var z = ToTensor(c["logits"]!, true);
        var t = ToTensor(c["targets"]!);
        var loss = name == "mse" ? new MseLoss().Forward(z, t) : new BceWithLogitsLoss(c["pos_weight"] is { } pw ? Values(pw) : null).Forward(z, t);
        AssertClose([(float)c["loss"]!.GetValue<double>()], [(float)loss.Item()], Tol, "loss");
        loss.Backward();
        AssertClose(c["grad_logits"]!, z.Grad!, Tol, "grad_logits");
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd_momentum_damp_wd")]
    [InlineData("sgd_nesterov")]
    [InlineData("adam")]
    [InlineData("adam_amsgrad_wd")]
    [InlineData("adamw")]
    [InlineData("adamw_amsgrad")]
    [InlineData("rmsprop")]
    [InlineData("rmsprop_centered_momentum_wd")]
    public void OptimizerSteps(string name)
    {
        var c = Case("optim_" + name);
        var layer = new Dense(4, 3, useBias: false);
        var p = layer.Weight;
        p.Value.CopyFrom(Values(c["p0"]!));
        Optimizer opt = name switch
        {
            "sgd" => new Sgd([p], 0.1),
            "sgd_momentum_damp_wd" => new Sgd([p], 0.05, momentum: 0.9, dampening: 0.2, weightDecay: 0.01),
            "sgd_nesterov" => new Sgd([p], 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.05),
            "adam" => new Adam([p], 0.01),
            "adam_amsgrad_wd" => new Adam([p], 0.02, 0.8, 0.95, weightDecay: 0.1, amsgrad: true),
            "adamw" => new AdamW([p], 0.01, weightDecay: 0.1),
            "adamw_amsgrad" => new AdamW([p], 0.01, weightDecay: 0.05, amsgrad: true),
            "rmsprop" => new RmsProp([p], 0.01),
            _ => new RmsProp([p], 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01),
        };
        var grads = c["grads"]!.AsArray();
        var after = c["after"]!.AsArray();
        for (int step = 0; step < grads.Count; step++)
        {
            opt.ZeroGrad();
            F.Sum(p.Value * ToTensor(grads[step]!)).Backward(); // ∂/∂p = the step's gradient
            opt.Step();
            AssertClose(after[step]!, p.Value, 2e-6, $"{name} step {step + 1}");
        }
    }

    [Fact]
    public void ClipGradNorm()
    {
        var c = Case("clip_grad_norm");
        var a = new Dense(4, 3, useBias: true);
        var b = new Dense(1, 5, useBias: false);
        // Gradients via Σ p·g so that ∂/∂p = g exactly.
        (F.Sum(a.Weight.Value * ToTensor(c["g1"]!)) + F.Sum(a.Bias!.Value * Tensor.Zeros(new TensorShape(3)))).Backward();
        F.Sum(b.Weight.Value * ToTensor(c["g2"]!).Reshape(5, 1)).Backward();
        var ps = new[] { a.Weight, b.Weight };
        double norm = GradientClipping.ClipByNorm(ps, c["max_norm"]!.GetValue<double>());
        AssertClose([(float)c["total_norm"]!.GetValue<double>()], [(float)norm], Tol, "total_norm");
        AssertClose(Values(c["clipped1"]!), a.Weight.Grad!.ToArray(), Tol, "clipped1");
        AssertClose(Values(c["clipped2"]!), b.Weight.Grad!.ToArray(), Tol, "clipped2");
    }

    [Fact]
    public void WholeSmallCnnLossAndEveryGradient()
    {
        var c = Case("small_cnn");
        var net = new Sequential(new Conv2d(1, 4, 3, padding: 1), new ReLU(), new MaxPool2d(2), new Conv2d(4, 6, 3, padding: 1), new ReLU(),
            new MaxPool2d(2), new Flatten(), new Dense(24, 8), new ReLU(), new Dropout(0.5), new Dense(8, 3));
        var parameters = c["parameters"]!.AsObject();
        foreach (var (name, p) in net.NamedParameters())
            p.Value.CopyFrom(Values(parameters[name]!));
        net.Eval();
        var x = ToTensor(c["x"]!, true);
        var loss = new CrossEntropyLoss().Forward(net.Forward(x), c["labels"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray());
        AssertClose([(float)c["loss"]!.GetValue<double>()], [(float)loss.Item()], Tol, "loss");
        loss.Backward();
        AssertClose(c["grad_x"]!, x.Grad!, Tol, "grad_x");
        var grads = c["grads"]!.AsObject();
        foreach (var (name, p) in net.NamedParameters())
            AssertClose(grads[name]!, p.Grad!, Tol, "grad " + name);
    }

    [Fact]
    public void ResidualBasicBlockInTraining()
    {
        var c = Case("residual_block");
        var block = ResidualBlock.Basic(2, 3, stride: 2);
        var parameters = c["parameters"]!.AsObject();
        foreach (var (name, p) in block.NamedParameters())
            p.Value.CopyFrom(Values(parameters[name]!));
        var x = ToTensor(c["x"]!, true);
        var y = block.Forward(x);
        AssertClose(c["y"]!, y, Tol, "y");
        y.Backward(ToTensor(c["dy"]!));
        AssertClose(c["grad_x"]!, x.Grad!, Tol, "grad_x");
        var grads = c["grads"]!.AsObject();
        foreach (var (name, p) in block.NamedParameters())
            AssertClose(grads[name]!, p.Grad!, Tol, "grad " + name);
    }
}
