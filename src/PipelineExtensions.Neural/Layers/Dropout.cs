using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Persistence;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Layers;

/// <summary>
/// Inverted dropout: in training, zeroes each value with probability p and scales survivors by 1/(1−p); in
/// evaluation, the identity. The i-th mask of the layer is a pure function of (seed, i), so runs repeat exactly.
/// </summary>
[ModelComponent("pipex.nn.dropout")]
public sealed class Dropout : Module
{
    private long _seed;

    /// <summary>Creates the layer.</summary>
    /// <param name="probability">Drop probability in [0, 1).</param>
    /// <param name="seed">Seed of the masks.</param>
    public Dropout(double probability, long seed = 0)
    {
        Probability = Check.InRange(probability, 0, 0.999999);
        _seed = seed;
    }

    /// <summary>Drop probability.</summary>
    public double Probability { get; }

    /// <summary>Masks drawn since construction or the last <see cref="Reseed"/>.</summary>
    public long Step { get; set; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsTraining || Probability == 0)
            return input;
        ulong key = unchecked((ulong)SeededRandom.MixSeed(_seed, Step++));
        return Functional.Dropout(input, (float)Probability, key);
    }

    /// <inheritdoc/>
    public override void Reseed(long seed)
    {
        _seed = seed;
        Step = 0;
    }

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input) => input;

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("probability", Probability);
        context.Set("seed", _seed);
    }

    /// <summary>Loads a layer written by <see cref="Save"/>.</summary>
    public static Dropout Load(ModelLoadContext context) => new(context.GetDouble("probability"), context.GetInt64("seed"));

    /// <inheritdoc/>
    public override string ToString() => $"Dropout({Probability})";
}
