using PipelineExtensions.Cli.Config;
using PipelineExtensions.Cli.Demo;
using PipelineExtensions.Cli.Describe;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Csv;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Cli.Runs;

/// <summary>The data of a run, loaded as a config's <c>data</c> section says: training and validation rows, the label and the features.</summary>
/// <param name="Train">Training rows.</param>
/// <param name="Validation">Validation rows.</param>
/// <param name="Label">The key label column.</param>
/// <param name="Features">The vector (or image) column the trainer reads.</param>
/// <param name="Prefix">Steps that make <paramref name="Features"/> (a concatenation), or empty; part of the saved model.</param>
public sealed record RunData(DataTable Train, DataTable Validation, string Label, string Features, IReadOnlyList<IEstimator<ITransformer>> Prefix)
{
    /// <summary>The concatenated features column made when the config names several columns.</summary>
    public const string ConcatenatedFeatures = "Features";

    /// <summary>The training schema after <see cref="Prefix"/>: what the steps before the trainer see.</summary>
    public DataSchema Schema => Prefix.Aggregate(Train.Schema, (schema, step) => step.GetOutputSchema(schema));

    /// <summary>The class names.</summary>
    public IReadOnlyList<string> ClassNames => Train.GetColumn<KeyColumn>(Label).KeyType.ClassNames;

    /// <summary>Loads the data of <paramref name="config"/>; file paths are relative to <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ConfigException">A source cannot be read, or a named column is missing or of the wrong kind.</exception>
    public static RunData Load(PipelineContext context, DataConfig config, string baseDirectory, string configFile)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        var source = Read(config.Source, config.Label, baseDirectory, configFile, "$.data.source");
        if (config.Imbalance is { } imbalance)
        {
            var counts = ImbalancedSubset.Counts(source.GetColumn<KeyColumn>(config.Label).CountPerClass(), imbalance.Largest, imbalance.Ratio, config.Seed);
            source = ImbalancedSubset.Draw(source, config.Label, counts, config.Seed);
        }
        DataTable train, validation;
        if (config.Validation is { } v)
            (train, validation) = (source, Read(v, config.Label, baseDirectory, configFile, "$.data.validation"));
        else
        {
            var split = context.Data.StratifiedTrainValidationSplit(source, config.Label, config.ValidationFraction, config.Seed);
            (train, validation) = (split.Train, split.Validation);
        }
        if (!validation.Schema.SameAs(train.Schema))
            throw new ConfigException(configFile, "$.data.validation", $"the validation columns ({validation.Schema}) differ from the training columns ({train.Schema})");
        for (int i = 0; i < config.Features.Count; i++)
            if (!train.HasColumn(config.Features[i]))
                throw new ConfigException(configFile, $"$.data.features[{i}]", $"column '{config.Features[i]}' is not in the data; it has {string.Join(", ", train.Schema.Names)}");
        if (config.Features.Count == 1)
        {
            if (train.Schema[config.Features[0]].Type is not VectorType)
                throw new ConfigException(configFile, "$.data.features[0]", $"column '{config.Features[0]}' is {train.Schema[config.Features[0]].Type.DisplayName}; one feature column must be a vector or image (list several numeric columns to concatenate them)");
            return new RunData(train, validation, config.Label, config.Features[0], []);
        }
        return new RunData(train, validation, config.Label, ConcatenatedFeatures, [context.Transforms.Concatenate(ConcatenatedFeatures, [.. config.Features])]);
    }

    private static DataTable Read(string source, string label, string baseDirectory, string configFile, string field)
    {
        DataTable table;
        try
        {
            table = source switch
            {
                "fashion-mnist" => SampleData.FashionMnistTrain(),
                "fashion-mnist-test" => SampleData.FashionMnistTest(),
                "credit-like" => SampleData.ImbalancedTabular(),
                _ => ReadFile(Path.Combine(baseDirectory, source), label),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DataFormatException or ArgumentException)
        {
            throw new ConfigException(configFile, field, $"cannot read '{source}' (an embedded sample: {string.Join(", ", DataConfig.EmbeddedSources)}, or a CSV/IDX/Arrow file): {e.Message}", e);
        }
        if (!table.HasColumn(label))
            throw new ConfigException(configFile, "$.data.label", $"column '{label}' is not in '{source}'; it has {string.Join(", ", table.Schema.Names)}");
        if (table.Schema[label].Type is not KeyType)
            throw new ConfigException(configFile, "$.data.label", $"column '{label}' of '{source}' is {table.Schema[label].Type.DisplayName}; expected a class column");
        return table;
    }

    private static DataTable ReadFile(string path, string label)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".csv" or ".tsv")
            return new PipelineContext(seed: 0).Data.LoadFromCsv(path, new CsvLoaderOptions { Separator = extension == ".tsv" ? '\t' : ',', KeyColumns = [label] });
        return DataFileLoader.Load(path).Table;
    }
}
