using PipelineExtensions.Options;

namespace PipelineExtensions.Augmentation;

/// <summary>Validation shared by the augmentation options: ranges given as (low, high) pairs.</summary>
internal static class AugmentationChecks
{
    /// <summary>Both bounds inside [<paramref name="min"/>, <paramref name="max"/>] and low ≤ high; messages name the options.</summary>
    public static void Range(double low, double high, double min, double max, string lowName, string highName)
    {
        Check.InRange(low, min, max, lowName);
        Check.InRange(high, min, max, highName);
        if (low > high)
            throw new ArgumentException($"{lowName} ({low}) must not exceed {highName} ({high}).", lowName);
    }

    /// <summary>A probability in [0, 1].</summary>
    public static double Probability(double value, string name) => Check.InRange(value, 0, 1, name);

    /// <summary>A uniform draw from [low, high] that returns low exactly when the range is empty.</summary>
    public static double Uniform(Randomness.SeededRandom rng, double low, double high) =>
        low == high ? low : rng.NextDouble(low, high);
}
