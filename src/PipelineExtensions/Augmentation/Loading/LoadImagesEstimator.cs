using Microsoft.Extensions.Logging;
using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Reads image files named in a text column into an image column (ML.NET's <c>LoadImages</c> + <c>ResizeImages</c> +
/// <c>ExtractPixels</c> in one step). Nothing is learned: fitting checks the schema and returns the transformer.
/// </summary>
public sealed class LoadImagesEstimator : IEstimator<LoadImagesTransformer>
{
    private readonly LoadImagesOptions _options;
    private readonly ILoggerFactory _loggerFactory;

    internal LoadImagesEstimator(LoadImagesOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema) => Create().GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public LoadImagesTransformer Fit(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = Create();
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    private LoadImagesTransformer Create() => new(
        _options.OutputColumnName, _options.PathColumnName, _options.BaseDirectory, _options.Height!.Value, _options.Width!.Value,
        _options.ColorMode, _options.Scale, _options.OnError, _loggerFactory.CreateLogger<LoadImagesTransformer>());
}
