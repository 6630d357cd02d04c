using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Adds an image column loaded from the files of a path column. With <see cref="ImageErrorPolicy.Skip"/>, rows whose
/// file cannot be loaded are dropped (and counted in the log); otherwise the first bad file throws
/// <see cref="ImageDecodingException"/> naming it. A missing path (null) is a bad file too.
/// </summary>
[ModelComponent("pipex.load-images")]
public sealed class LoadImagesTransformer : ITransformer
{
    private readonly ILogger _logger;

    internal LoadImagesTransformer(string outputColumnName, string pathColumnName, string? baseDirectory, int height, int width,
        ImageColorMode colorMode, float scale, ImageErrorPolicy onError, ILogger? logger)
    {
        OutputColumnName = outputColumnName;
        PathColumnName = pathColumnName;
        BaseDirectory = baseDirectory;
        ColorMode = colorMode;
        Scale = scale;
        OnError = onError;
        OutputType = new ImageType(colorMode == ImageColorMode.Grayscale ? 1 : 3, height, width);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The image column added.</summary>
    public string OutputColumnName { get; }

    /// <summary>The text column of file paths.</summary>
    public string PathColumnName { get; }

    /// <summary>The folder relative paths are resolved against (null: the current directory).</summary>
    public string? BaseDirectory { get; }

    /// <summary>Grey or RGB.</summary>
    public ImageColorMode ColorMode { get; }

    /// <summary>Factor applied to 0..255 values.</summary>
    public float Scale { get; }

    /// <summary>What happens with unreadable files.</summary>
    public ImageErrorPolicy OnError { get; }

    /// <summary>The type of the added column.</summary>
    public ImageType OutputType { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(PathColumnName, t => t is TextType, "Text", "LoadImages");
        return inputSchema.With(new SchemaColumn(OutputColumnName, OutputType));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var paths = input.GetColumn<TextColumn>(PathColumnName);
        var resolved = new string[paths.Length];
        for (int i = 0; i < resolved.Length; i++)
        {
            string? path = paths[i];
            // A missing path becomes a path that cannot exist, so it fails (or is skipped) like an unreadable file.
            resolved[i] = string.IsNullOrEmpty(path) ? $"<missing path in row {i}>" : BaseDirectory is null ? path : Path.Combine(BaseDirectory, path);
        }
        var options = new ImageLoadingOptions { Height = OutputType.Height, Width = OutputType.Width, ColorMode = ColorMode, Scale = Scale, OnError = OnError };
        var result = ImageLoader.Load(resolved, options, _logger, $"column '{PathColumnName}'");
        var table = result.Kept.Length == input.RowCount ? input : input.Gather(result.Kept);
        return table.WithColumn(new VectorColumn(OutputColumnName, OutputType, result.Data));
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Set("output", OutputColumnName);
        context.Set("path", PathColumnName);
        context.Set("baseDirectory", BaseDirectory);
        context.Set("height", OutputType.Height);
        context.Set("width", OutputType.Width);
        context.Set("color", ColorMode.ToString());
        context.Set("scale", Scale);
        context.Set("onError", OnError.ToString());
    }

    /// <summary>Loads a transformer saved by <see cref="Save"/>.</summary>
    public static LoadImagesTransformer Load(ModelLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enum.TryParse<ImageColorMode>(context.GetString("color"), out var color) || !Enum.TryParse<ImageErrorPolicy>(context.GetString("onError"), out var onError))
            throw context.Corrupt("an unknown colour mode or error policy");
        int height = context.GetInt32("height"), width = context.GetInt32("width");
        if (height <= 0 || width <= 0)
            throw context.Corrupt($"an image size of {height}x{width}");
        return new LoadImagesTransformer(context.GetString("output"), context.GetString("path"), context.GetNullableString("baseDirectory"),
            height, width, color, (float)context.GetDouble("scale"), onError, null);
    }
}
