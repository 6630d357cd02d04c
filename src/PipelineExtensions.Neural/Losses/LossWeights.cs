using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Losses;

/// <summary>Validation and the per-row scale factors shared by the losses.</summary>
internal static class LossWeights
{
    public static void CheckSampleWeights(string loss, ReadOnlySpan<float> sampleWeights, int rows)
    {
        if (sampleWeights.IsEmpty)
            return;
        if (sampleWeights.Length != rows)
            throw new ShapeMismatchException($"{loss}: {sampleWeights.Length} sample weights for a batch of {rows} rows.");
        for (int i = 0; i < sampleWeights.Length; i++)
            if (!(sampleWeights[i] >= 0) || float.IsInfinity(sampleWeights[i]))
                throw new ArgumentOutOfRangeException(nameof(sampleWeights), sampleWeights[i], $"{loss}: sample weight of row {i} must be a finite number ≥ 0, got {sampleWeights[i]}.");
    }

    public static float[] CheckClassWeights(string loss, float[]? weights, string name)
    {
        if (weights is null)
            return [];
        for (int i = 0; i < weights.Length; i++)
            if (!(weights[i] >= 0) || float.IsInfinity(weights[i]))
                throw new ArgumentOutOfRangeException(name, weights[i], $"{loss}: {name}[{i}] must be a finite number ≥ 0, got {weights[i]}.");
        return (float[])weights.Clone();
    }

    /// <summary>rᵢ = sᵢ / Σⱼ sⱼ·dⱼ, where dⱼ is each row's denominator weight (0 when every weight is 0).</summary>
    public static void RowScale(Span<float> scale, ReadOnlySpan<float> sampleWeights, ReadOnlySpan<float> denominatorWeights, double extraDivisor)
    {
        double total = 0;
        for (int i = 0; i < scale.Length; i++)
            total += (sampleWeights.IsEmpty ? 1.0 : sampleWeights[i]) * denominatorWeights[i];
        double inv = total > 0 ? 1.0 / (total * extraDivisor) : 0.0;
        for (int i = 0; i < scale.Length; i++)
            scale[i] = (float)((sampleWeights.IsEmpty ? 1.0 : sampleWeights[i]) * inv);
    }
}
