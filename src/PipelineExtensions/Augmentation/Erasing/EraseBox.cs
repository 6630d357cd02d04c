using PipelineExtensions.Randomness;

namespace PipelineExtensions.Augmentation;

/// <summary>Writes a constant (or normal noise) into a rectangle of every channel.</summary>
internal static class EraseBox
{
    public static void Fill(Span<float> image, ImageShape shape, int top, int left, int height, int width, float value,
        SeededRandom? noise, AugmentationWorkspace workspace)
    {
        if (height <= 0 || width <= 0)
            return;
        Span<float> values = default;
        if (noise is not null)
        {
            int count = shape.Channels * height * width;
            int pairs = (count + 1) / 2;
            values = workspace.Scratch(3 * pairs);
            GaussianNoise.FillStandardNormal(values, pairs, noise);
        }
        int next = 0;
        for (int c = 0; c < shape.Channels; c++)
            for (int y = top; y < top + height; y++)
            {
                var row = image.Slice((c * shape.Height + y) * shape.Width + left, width);
                if (noise is null)
                    row.Fill(value);
                else
                {
                    values.Slice(next, width).CopyTo(row);
                    next += width;
                }
            }
    }
}
