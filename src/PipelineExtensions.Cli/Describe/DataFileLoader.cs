using PipelineExtensions.Data;
using PipelineExtensions.Data.Csv;
using PipelineExtensions.Data.Idx;

namespace PipelineExtensions.Cli.Describe;

/// <summary>Loads any data file the library reads, telling CSV, IDX (raw or gzip) and Arrow IPC apart by content.</summary>
internal static class DataFileLoader
{
    /// <summary>What was loaded and how.</summary>
    internal sealed record Loaded(DataTable Table, string Format, IReadOnlyList<string> Notes);

    public static Loaded Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"File '{path}' does not exist.", path);
        var ctx = new PipelineContext(seed: 0);
        var head = new byte[8];
        int n;
        using (var s = File.OpenRead(path))
            n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var magic = head.AsSpan(0, n);
        if (magic.StartsWith("ARROW1"u8))
            return new Loaded(ctx.Data.LoadFromArrow(path), "Arrow IPC file", []);
        if (magic.StartsWith(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }))
            return new Loaded(ctx.Data.LoadFromArrow(path), "Arrow IPC stream", []);
        if (magic.StartsWith(new byte[] { 0x1F, 0x8B }) || (n >= 4 && magic[0] == 0 && magic[1] == 0 && magic[2] is >= 0x08 and <= 0x0E))
            return LoadIdx(ctx, path, magic[0] == 0x1F ? "IDX (gzip)" : "IDX");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        var options = new CsvLoaderOptions
        {
            Separator = extension == ".tsv" ? '\t' : ',',
            // describe reports what is there: missing values are counted, not fatal.
            MissingValues = MissingValuePolicy.Fill,
        };
        return new Loaded(ctx.Data.LoadFromCsv(path, options), options.Separator == '\t' ? "TSV" : "CSV", []);
    }

    /// <summary>An images file is shown with its labels when the sibling labels file exists (MNIST naming).</summary>
    private static Loaded LoadIdx(PipelineContext ctx, string path, string format)
    {
        string name = Path.GetFileName(path);
        if (name.Contains("-images-idx", StringComparison.Ordinal))
        {
            string labels = Path.Combine(Path.GetDirectoryName(path) ?? ".", name.Replace("-images-idx3", "-labels-idx1", StringComparison.Ordinal));
            if (labels != path && File.Exists(labels))
                return new Loaded(ctx.Data.LoadFromIdx(path, labels), format, [$"labels from {Path.GetFileName(labels)}"]);
        }
        return new Loaded(ctx.Data.LoadFromIdx(path), format, []);
    }
}
