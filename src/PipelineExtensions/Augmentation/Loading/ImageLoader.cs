using Microsoft.Extensions.Logging;
using PipelineExtensions.Data;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Reads, decodes, converts and resizes a list of image files into one C×H×W float block, in parallel, keeping
/// the files' order. Failures throw or are skipped (and logged) per <see cref="ImageLoadingOptions.OnError"/>.
/// </summary>
internal static class ImageLoader
{
    /// <summary>The loaded images and, per kept image, the index of its file in the input list.</summary>
    public sealed record Result(ImageType Type, float[] Data, int[] Kept);

    public static Result Load(IReadOnlyList<string> paths, ImageLoadingOptions options, ILogger logger, string what)
    {
        int n = paths.Count;
        int channels = options.ColorMode == ImageColorMode.Grayscale ? 1 : 3;
        var errors = new ImageDecodingException?[n];
        // Without a target size, the first readable file sets it and every other file must match.
        int start = 0;
        (int H, int W)? size = options.Height is int h && options.Width is int w ? (h, w) : null;
        DecodedImage? first = null;
        while (size is null && start < n)
        {
            first = TryDecode(paths[start], out errors[start]);
            ThrowIfRequired(errors, options);
            start++;
            if (first is not null)
                size = (first.Height, first.Width);
        }
        if (size is null)
            throw new InvalidOperationException(n == 0 ? $"No image files to load from {what}." : $"None of the {n} image files of {what} could be loaded; the first failure: {errors[0]?.Message}");

        var type = new ImageType(channels, size.Value.H, size.Value.W);
        var data = new float[checked((long)n * type.Size)];
        bool exactSize = options.Height is null;
        if (first is not null)
            Convert(first, type, options.Scale, data.AsSpan((start - 1) * type.Size, type.Size), exactSize, paths[start - 1]);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(start, n, parallel, i =>
        {
            var decoded = TryDecode(paths[i], out errors[i]);
            if (decoded is null)
                return;
            try
            {
                Convert(decoded, type, options.Scale, data.AsSpan(i * type.Size, type.Size), exactSize, paths[i]);
            }
            catch (ImageDecodingException e)
            {
                errors[i] = e;
            }
        });
        ThrowIfRequired(errors, options);
        var failures = errors.Select(e => e?.Message).ToArray();

        var kept = Enumerable.Range(0, n).Where(i => failures[i] is null).ToArray();
        if (kept.Length < n)
        {
            var skipped = Enumerable.Range(0, n).Where(i => failures[i] is not null).ToArray();
            foreach (int i in skipped.Take(10))
                logger.LogWarning("Skipped {Failure}", failures[i]);
            logger.LogWarning("Loaded {Loaded} images from {What}; skipped {Skipped} unreadable or corrupt files{More}.",
                kept.Length, what, skipped.Length, skipped.Length > 10 ? $" (the first 10 are listed above)" : "");
            var compact = new float[(long)kept.Length * type.Size];
            for (int j = 0; j < kept.Length; j++)
                data.AsSpan(kept[j] * type.Size, type.Size).CopyTo(compact.AsSpan(j * type.Size, type.Size));
            data = compact;
        }
        else
        {
            logger.LogInformation("Loaded {Loaded} images ({Type}) from {What}.", n, type.DisplayName, what);
        }
        return new Result(type, data, kept);
    }

    /// <summary>The first failure (in file order, so the message does not depend on thread timing) when failures throw.</summary>
    private static void ThrowIfRequired(ImageDecodingException?[] errors, ImageLoadingOptions options)
    {
        if (options.OnError == ImageErrorPolicy.Throw && errors.FirstOrDefault(e => e is not null) is { } error)
            throw error;
    }

    private static DecodedImage? TryDecode(string path, out ImageDecodingException? error)
    {
        error = null;
        try
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new ImageDecodingException(path, $"the file cannot be read ({e.Message})", e);
            }
            return ImageDecoder.Decode(bytes, path);
        }
        catch (ImageDecodingException e)
        {
            error = e;
            return null;
        }
    }

    /// <summary>Colour conversion, resize and scaling of one decoded image into CHW floats.</summary>
    public static void Convert(DecodedImage image, ImageType type, float scale, Span<float> destination, bool exactSize, string path)
    {
        if (exactSize && (image.Height != type.Height || image.Width != type.Width))
            throw new ImageDecodingException(path, $"it is {image.Width}x{image.Height} pixels (W×H) but earlier files are {type.Width}x{type.Height}; set Height and Width to resize every image.");
        int plane = image.Height * image.Width;
        var planes = new float[type.Channels * plane];
        var pixels = image.Pixels;
        if (type.Channels == 1 && image.Channels == 3)
        {
            for (int p = 0; p < plane; p++)
                planes[p] = 0.299f * pixels[3 * p] + 0.587f * pixels[3 * p + 1] + 0.114f * pixels[3 * p + 2];
        }
        else
        {
            for (int c = 0; c < type.Channels; c++)
            {
                int from = image.Channels == 1 ? 0 : c;
                for (int p = 0; p < plane; p++)
                    planes[c * plane + p] = pixels[p * image.Channels + from];
            }
        }
        int outPlane = type.Height * type.Width;
        if (image.Height == type.Height && image.Width == type.Width)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(planes, scale, destination);
            return;
        }
        var horizontal = AntialiasedResize.Coefficients(image.Width, type.Width);
        var vertical = AntialiasedResize.Coefficients(image.Height, type.Height);
        var scratch = new float[image.Height * type.Width];
        for (int c = 0; c < type.Channels; c++)
        {
            var target = destination.Slice(c * outPlane, outPlane);
            AntialiasedResize.ResizePlane(planes.AsSpan(c * plane, plane), image.Height, image.Width, target, type.Height, type.Width, horizontal, vertical, scratch);
            System.Numerics.Tensors.TensorPrimitives.Multiply(target, scale, target);
        }
    }
}
