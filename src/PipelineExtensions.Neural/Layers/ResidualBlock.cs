using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Layers;

/// <summary>
/// A residual connection: y = activation(body(x) + shortcut(x)), with the identity as the default shortcut.
/// <see cref="Basic"/> builds ResNet's basic block (two 3×3 convolutions with batch norm, and a 1×1 projection
/// when the stride or channel count changes).
/// </summary>
[ModelComponent("pipex.nn.residual")]
public sealed class ResidualBlock : Module
{
    /// <summary>Creates a block from its parts.</summary>
    /// <param name="body">The residual branch.</param>
    /// <param name="shortcut">The skip branch; null for the identity (then body must keep the shape).</param>
    /// <param name="reluAfterSum">Apply ReLU after the sum (ResNet's placement).</param>
    public ResidualBlock(Module body, Module? shortcut = null, bool reluAfterSum = true)
    {
        Body = AddModule("body", body);
        if (shortcut is not null)
            Shortcut = AddModule("shortcut", shortcut);
        ReluAfterSum = reluAfterSum;
    }

    /// <summary>The residual branch.</summary>
    public Module Body { get; }

    /// <summary>The skip branch (null: identity).</summary>
    public Module? Shortcut { get; }

    /// <summary>Whether ReLU follows the sum.</summary>
    public bool ReluAfterSum { get; }

    /// <summary>
    /// ResNet's basic block: conv3×3(stride) → BN → ReLU → conv3×3 → BN, plus conv1×1(stride) → BN on the skip path
    /// when the shape changes; ReLU after the sum. Convolutions have no bias (batch norm supplies it).
    /// </summary>
    public static ResidualBlock Basic(int inChannels, int outChannels, int stride = 1, long seed = 0)
    {
        var body = new Sequential(
            new Conv2d(inChannels, outChannels, 3, stride, 1, SeededRandom.MixSeed(seed, 1), useBias: false),
            new BatchNorm2d(outChannels),
            new ReLU(),
            new Conv2d(outChannels, outChannels, 3, 1, 1, SeededRandom.MixSeed(seed, 2), useBias: false),
            new BatchNorm2d(outChannels));
        Module? shortcut = stride != 1 || inChannels != outChannels
            ? new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, SeededRandom.MixSeed(seed, 3), useBias: false), new BatchNorm2d(outChannels))
            : null;
        return new ResidualBlock(body, shortcut);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var main = Body.Forward(input);
        var skip = Shortcut?.Forward(input) ?? input;
        if (main.Shape != skip.Shape)
            throw new ShapeMismatchException("ResidualBlock", main.Shape, skip.Shape, "the body and the shortcut produce different shapes; add a projection shortcut");
        var sum = Functional.Add(main, skip);
        return ReluAfterSum ? Functional.Relu(sum) : sum;
    }

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input)
    {
        var main = Body.OutputShape(input);
        var skip = Shortcut?.OutputShape(input) ?? input;
        if (main != skip)
            throw new ShapeMismatchException("ResidualBlock", main, skip, "the body and the shortcut produce different shapes; add a projection shortcut");
        return main;
    }

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("reluAfterSum", ReluAfterSum);
        context.SaveChildComponent("body", Body, Body.Save);
        context.Set("hasShortcut", Shortcut is not null);
        if (Shortcut is not null)
            context.SaveChildComponent("shortcut", Shortcut, Shortcut.Save);
    }

    /// <summary>Loads a block written by <see cref="Save"/>.</summary>
    public static ResidualBlock Load(ModelLoadContext context) =>
        new(LoadChild(context, "body"), context.GetBoolean("hasShortcut") ? LoadChild(context, "shortcut") : null, context.GetBoolean("reluAfterSum"));

    /// <inheritdoc/>
    public override string ToString() => Shortcut is null ? "ResidualBlock(identity)" : "ResidualBlock(projection)";
}
