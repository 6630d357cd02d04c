using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Layers;

/// <summary>How a layer's weights are drawn (from a seeded generator, so the same seed gives the same weights).</summary>
public enum Initializer
{
    /// <summary>He/Kaiming uniform: U(−√(6/fan_in), √(6/fan_in)) — for ReLU networks (PyTorch's <c>kaiming_uniform_</c>, nonlinearity='relu').</summary>
    HeUniform,
    /// <summary>He/Kaiming normal: N(0, 2/fan_in) (PyTorch's <c>kaiming_normal_</c>; not truncated).</summary>
    HeNormal,
    /// <summary>Glorot/Xavier uniform: U(−√(6/(fan_in+fan_out)), …) (Keras' default).</summary>
    GlorotUniform,
    /// <summary>Glorot/Xavier normal: N(0, 2/(fan_in+fan_out)) (not truncated).</summary>
    GlorotNormal,
    /// <summary>PyTorch's default for Linear/Conv: weights and biases U(−1/√fan_in, 1/√fan_in).</summary>
    PyTorchDefault,
}

/// <summary>Fills weight and bias values for an <see cref="Initializer"/>.</summary>
internal static class Initialization
{
    public static float[] Weights(Initializer init, int count, int fanIn, int fanOut, SeededRandom random)
    {
        var w = new float[count];
        switch (init)
        {
            case Initializer.HeUniform:
                Uniform(w, Math.Sqrt(6.0 / fanIn), random);
                break;
            case Initializer.HeNormal:
                Normal(w, Math.Sqrt(2.0 / fanIn), random);
                break;
            case Initializer.GlorotUniform:
                Uniform(w, Math.Sqrt(6.0 / (fanIn + fanOut)), random);
                break;
            case Initializer.GlorotNormal:
                Normal(w, Math.Sqrt(2.0 / (fanIn + fanOut)), random);
                break;
            case Initializer.PyTorchDefault:
                Uniform(w, 1.0 / Math.Sqrt(fanIn), random);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown initializer.");
        }
        return w;
    }

    /// <summary>Zeros, except PyTorch's default which draws biases like its weights.</summary>
    public static float[] Biases(Initializer init, int count, int fanIn, SeededRandom random)
    {
        var b = new float[count];
        if (init == Initializer.PyTorchDefault)
            Uniform(b, 1.0 / Math.Sqrt(fanIn), random);
        return b;
    }

    private static void Uniform(float[] w, double bound, SeededRandom random)
    {
        for (int i = 0; i < w.Length; i++)
            w[i] = (float)random.NextDouble(-bound, bound);
    }

    private static void Normal(float[] w, double std, SeededRandom random)
    {
        for (int i = 0; i < w.Length; i++)
            w[i] = (float)(random.NextGaussian() * std);
    }
}
