using PipelineExtensions.Augmentation;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Tests.Augmentation;

/// <summary>Small helpers shared by the augmentation tests.</summary>
internal static class AugmentationTestData
{
    /// <summary>C×H×W values 0, 1, 2, ... so every pixel is distinct and its index is its value.</summary>
    public static float[] Ramp(int c, int h, int w)
    {
        var data = new float[c * h * w];
        for (int i = 0; i < data.Length; i++)
            data[i] = i;
        return data;
    }

    /// <summary>Uniform random values in [0, 1).</summary>
    public static float[] Random(int length, int seed)
    {
        var rng = new SeededRandom(seed);
        var data = new float[length];
        for (int i = 0; i < data.Length; i++)
            data[i] = rng.NextSingle();
        return data;
    }

    /// <summary>Warps with the resampler and returns a new array.</summary>
    public static float[] Warp(float[] source, int c, int h, int w, Affine2D map, Interpolation interpolation, FillMode fill,
        float fillValue = 0, int? outH = null, int? outW = null, bool simd = true)
    {
        int oh = outH ?? h, ow = outW ?? w;
        var destination = new float[c * oh * ow];
        AffineResampler.Warp(source, c, h, w, destination, oh, ow, map, interpolation, fill, fillValue, simd);
        return destination;
    }

    public static string ParityPath(string file) => Path.Combine(AppContext.BaseDirectory, "Augmentation", "Parity", file);

    /// <summary>A pipeline with a fixed seed.</summary>
    public static AugmentationPipeline MakePipeline(AugmentationPipelineOptions options, params ImageAugmentation[] steps)
    {
        options.Seed ??= 1234;
        return new AugmentationPipeline(steps, options);
    }

    public static AugmentationPipeline MakePipeline(params ImageAugmentation[] steps) => MakePipeline(new AugmentationPipelineOptions(), steps);
}
