using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Neural.Tests;

/// <summary>Seeded test tensors.</summary>
internal static class TestData
{
    public static float[] Uniform(int count, long seed, float low = -1f, float high = 1f)
    {
        var r = new SeededRandom(seed);
        var a = new float[count];
        for (int i = 0; i < a.Length; i++)
            a[i] = (float)r.NextDouble(low, high);
        return a;
    }

    /// <summary>Values whose magnitude is at least <paramref name="gap"/> (keeps finite differences away from kinks at 0).</summary>
    public static float[] AwayFromZero(int count, long seed, float gap = 0.1f)
    {
        var a = Uniform(count, seed, -1f, 1f);
        for (int i = 0; i < a.Length; i++)
            a[i] = a[i] >= 0 ? a[i] + gap : a[i] - gap;
        return a;
    }

    /// <summary>Distinct values (a random permutation of an arithmetic sequence): no ties for max pooling.</summary>
    public static float[] Distinct(int count, long seed)
    {
        var r = new SeededRandom(seed);
        var a = new float[count];
        for (int i = 0; i < count; i++)
            a[i] = -1f + 2f * i / count;
        for (int i = count - 1; i > 0; i--)
        {
            int j = r.NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }

    public static Tensor Leaf(float[] values, params int[] shape)
    {
        var t = Tensor.FromArray(values, shape);
        t.RequiresGrad = true;
        return t;
    }
}
