using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Offline augmentation, a train-only pipeline step (<c>ctx.Augmentation.AugmentImages</c>): while the chain is
/// fitted it adds augmented copies of image rows — of every row or of chosen classes — or turns the duplicates of a
/// random over-sampler into augmented variants; at prediction time it passes data through. Other columns of an
/// augmented row are copied from its source row.
/// </summary>
/// <remarks>
/// Copy k of row r draws from a stream derived from the pipeline seed, k and r, so the result does not depend on
/// thread scheduling. Mixup and CutMix need soft labels and run online only; size-changing steps (crops to another
/// size, resizes) are refused because a train-only step must keep the schema.
/// </remarks>
public sealed class OfflineAugmentation : TrainOnlyEstimator
{
    // Keeps offline streams apart from the online ones of the same pipeline (epoch k, row r).
    private const long OfflineStream = 0x6F66666C696E65; // "offline"

    private readonly ILogger _logger;

    /// <summary>Creates the step; prefer <c>ctx.Augmentation.AugmentImages</c>.</summary>
    public OfflineAugmentation(AugmentationPipeline pipeline, OfflineAugmentationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (pipeline.MixesLabels)
            throw new ArgumentException("Mixup and CutMix mix labels into soft targets, which a table's key column cannot hold; use them online (AugmentationPipeline.CreateBatchAugmenter) inside the trainer.", nameof(pipeline));
        Pipeline = pipeline;
        ImageColumnName = options.ImageColumnName;
        Mode = options.Mode;
        Copies = options.Copies;
        LabelColumnName = options.LabelColumnName;
        Classes = options.Classes?.ToArray();
        SyntheticColumnName = options.SyntheticColumnName;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The augmentations applied.</summary>
    public AugmentationPipeline Pipeline { get; }

    /// <summary>The image column.</summary>
    public string ImageColumnName { get; }

    /// <summary>Append copies or augment duplicates.</summary>
    public OfflineAugmentationMode Mode { get; }

    /// <summary>Copies per selected row (append mode).</summary>
    public int Copies { get; }

    /// <summary>The label column the class filter reads, if any.</summary>
    public string? LabelColumnName { get; }

    /// <summary>The classes augmented, or null for all.</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>The Boolean column set on augmented rows, if any.</summary>
    public string? SyntheticColumnName { get; }

    /// <inheritdoc />
    public override string StepName => "AugmentImages";

    /// <inheritdoc />
    protected override void ValidateSchema(DataSchema schema)
    {
        var image = schema.Require(ImageColumnName, t => t is ImageType, "Image", StepName);
        var imageType = (ImageType)image.Type;
        var output = Pipeline.GetOutputType(imageType);
        if (output != imageType)
            throw new ArgumentException($"{StepName}: the pipeline turns {imageType.DisplayName} into {output.DisplayName}; a train-only step must keep column '{ImageColumnName}' as it is. Resize the column beforehand or drop the size-changing step.");
        if (LabelColumnName is not null)
        {
            var label = schema.Require(LabelColumnName, t => t is KeyType, "Key", StepName);
            if (Classes is not null)
            {
                var keyType = (KeyType)label.Type;
                foreach (var name in Classes)
                    if (keyType.IndexOf(name) < 0)
                        throw new ArgumentException($"{StepName}: class '{name}' is not a class of label column '{LabelColumnName}' ({keyType.DisplayName}).");
            }
        }
        if (SyntheticColumnName is not null)
            schema.Require(SyntheticColumnName, t => t == ColumnType.Boolean, "Boolean", StepName);
    }

    /// <inheritdoc />
    protected override DataTable Apply(DataTable input) => AugmentRows(input).Table;

    /// <summary>Augments <paramref name="input"/> and reports which rows are augmented and where they come from.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has the wrong type.</exception>
    public OfflineAugmentationResult AugmentRows(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateSchema(input.Schema);
        var images = input.GetColumn<VectorColumn>(ImageColumnName);
        var selected = SelectedRows(input);
        var result = Mode == OfflineAugmentationMode.AppendCopies ? AppendCopies(input, images, selected) : AugmentDuplicates(input, images, selected);
        _logger.LogInformation("{Step}: {InputRows} rows → {OutputRows} rows, {Augmented} augmented ({Mode}{Classes}) with {Pipeline}",
            StepName, input.RowCount, result.Table.RowCount, result.SyntheticCount, Mode,
            Classes is null ? "" : $", classes {string.Join(", ", Classes)}", Pipeline);
        return result;
    }

    private bool[] SelectedRows(DataTable input)
    {
        var selected = new bool[input.RowCount];
        if (Classes is null)
        {
            Array.Fill(selected, true);
            return selected;
        }
        var labels = input.GetColumn<KeyColumn>(LabelColumnName!);
        var wanted = new bool[labels.KeyType.Count];
        foreach (var name in Classes)
            wanted[labels.KeyType.IndexOf(name)] = true;
        for (int i = 0; i < selected.Length; i++)
            selected[i] = labels[i] >= 0 && wanted[labels[i]];
        return selected;
    }

    private OfflineAugmentationResult AppendCopies(DataTable input, VectorColumn images, bool[] selected)
    {
        var rows = Enumerable.Range(0, input.RowCount).Where(i => selected[i]).ToArray();
        int n = input.RowCount, m = rows.Length, size = images.Size;
        var sources = new int[n + Copies * m];
        var origins = new RowOrigin[sources.Length];
        for (int i = 0; i < n; i++)
            sources[i] = i;
        for (int k = 0; k < Copies; k++)
            rows.CopyTo(sources, n + k * m);
        origins.AsSpan(n).Fill(RowOrigin.Synthetic);

        var gathered = input.Gather(sources);
        var data = new float[sources.Length * size];
        images.Data.CopyTo(data);
        var augmenter = Pipeline.CreateBatchAugmenter((ImageType)images.Type);
        var selectedImages = ((VectorColumn)images.Gather(rows)).Data;
        for (int k = 0; k < Copies; k++)
            augmenter.Augment(selectedImages, data.AsSpan((n + k * m) * size, m * size), default, rows, OfflineEpoch(k));
        return Finish(gathered, data, origins, sources);
    }

    private OfflineAugmentationResult AugmentDuplicates(DataTable input, VectorColumn images, bool[] selected)
    {
        int n = input.RowCount, size = images.Size;
        var sources = new int[n];
        var origins = new RowOrigin[n];
        // Occurrence number of each duplicate of an image (1 for the first repeat, 2 for the second ...): it picks
        // the stream, so repeats of one image get different variants.
        var occurrence = new int[n];
        var firstOf = new Dictionary<ImageKey, int>();
        var repeats = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            sources[i] = i;
            var key = new ImageKey(images, i);
            if (!firstOf.TryGetValue(key, out int first))
            {
                firstOf[key] = i;
                continue;
            }
            if (!selected[i])
                continue;
            sources[i] = first;
            origins[i] = RowOrigin.Synthetic;
            occurrence[i] = repeats[first] = repeats.GetValueOrDefault(first) + 1;
        }

        var data = images.Data.ToArray();
        var augmenter = Pipeline.CreateBatchAugmenter((ImageType)images.Type);
        // One batch per occurrence number; each image is augmented from its first occurrence's stream of that number.
        foreach (var group in Enumerable.Range(0, n).Where(i => origins[i] == RowOrigin.Synthetic).GroupBy(i => occurrence[i]))
        {
            var rows = group.ToArray();
            var batch = new float[rows.Length * size];
            for (int j = 0; j < rows.Length; j++)
                images.Row(rows[j]).CopyTo(batch.AsSpan(j * size, size));
            var ids = rows.Select(r => sources[r]).ToArray();
            augmenter.Augment(batch, default, ids, OfflineEpoch(group.Key));
            for (int j = 0; j < rows.Length; j++)
                batch.AsSpan(j * size, size).CopyTo(data.AsSpan(rows[j] * size, size));
        }
        return Finish(input, data, origins, sources);
    }

    private OfflineAugmentationResult Finish(DataTable table, float[] imageData, RowOrigin[] origins, int[] sources)
    {
        var images = table.GetColumn<VectorColumn>(ImageColumnName);
        table = table.WithColumn(new VectorColumn(ImageColumnName, images.VectorType, imageData));
        if (SyntheticColumnName is not null)
        {
            var flags = table.GetColumn<ScalarColumn<bool>>(SyntheticColumnName).Values.ToArray();
            for (int i = 0; i < flags.Length; i++)
                flags[i] |= origins[i] == RowOrigin.Synthetic;
            table = table.WithColumn(new ScalarColumn<bool>(SyntheticColumnName, flags));
        }
        return new OfflineAugmentationResult(table, origins, sources);
    }

    private static int OfflineEpoch(int copy) => unchecked((int)SeededRandom.MixSeed(OfflineStream, copy));

    /// <summary>An image row compared by content (hash first, then the values).</summary>
    private readonly struct ImageKey : IEquatable<ImageKey>
    {
        private readonly VectorColumn _column;
        private readonly int _row;
        private readonly int _hash;

        public ImageKey(VectorColumn column, int row)
        {
            _column = column;
            _row = row;
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(column.Row(row)));
            _hash = hash.ToHashCode();
        }

        public bool Equals(ImageKey other) => _hash == other._hash && _column.Row(_row).SequenceEqual(other._column.Row(other._row));

        public override bool Equals(object? obj) => obj is ImageKey other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
