using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Arrow;
using PipelineExtensions.Data.Csv;
using PipelineExtensions.Data.Idx;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Benchmarks.Data;

/// <summary>
/// Loader throughput: the full Fashion-MNIST training IDX (gzip as shipped, and raw), the same data as Arrow IPC,
/// and a generated numeric CSV, each against numpy (and pyarrow when installed) on the same files.
/// MB/s are decoded bytes per second (uncompressed IDX bytes, Arrow and CSV file bytes); best of N runs.
/// </summary>
public sealed class LoadersBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc />
    public string Name => "loaders";

    /// <inheritdoc />
    public string Description => "IDX (Fashion-MNIST train), Arrow IPC, ~100 MB numeric CSV: MB/s vs numpy/pyarrow";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        int repeats = IntArg(args, "--repeats", 5);
        int csvMegabytes = IntArg(args, "--csv-mb", 100);
        string dataset = StringArg(args, "--dataset", "/usr/share/datasets/fashion-mnist");
        bool reference = !args.Contains("--no-reference");
        string images = Path.Combine(dataset, "train-images-idx3-ubyte.gz");
        string labels = Path.Combine(dataset, "train-labels-idx1-ubyte.gz");
        if (!File.Exists(images) || !File.Exists(labels))
        {
            Console.Error.WriteLine($"Fashion-MNIST not found in {dataset} (apt-get install dataset-fashion-mnist, or --dataset DIR).");
            return 2;
        }
        string temp = Directory.CreateTempSubdirectory("pipex-bench-loaders-").FullName;
        try
        {
            return Measure(images, labels, temp, repeats, csvMegabytes, reference);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static int Measure(string images, string labels, string temp, int repeats, int csvMegabytes, bool reference)
    {
        var ctx = new PipelineContext(seed: 1);
        Console.WriteLine($"loaders: {Environment.ProcessorCount} cores, best of {repeats}, load average {LoadAverage()}");
        var rows = new List<(string Name, long Bytes, double Ours, double Cpu, double? Reference, string RefName)>();

        // IDX, gzip as shipped and decompressed.
        string rawImages = Path.Combine(temp, "train-images-idx3-ubyte");
        string rawLabels = Path.Combine(temp, "train-labels-idx1-ubyte");
        Decompress(images, rawImages);
        Decompress(labels, rawLabels);
        long idxBytes = new FileInfo(rawImages).Length + new FileInfo(rawLabels).Length;
        var options = new IdxLoaderOptions { ClassNames = SampleData.FashionMnistClassNames };
        DataTable fashion = null!;
        double idxGz = Best(repeats, () => fashion = ctx.Data.LoadFromIdx(images, labels, options));
        double idxGzCpu = CpuSeconds[^1];
        double idxRaw = Best(repeats, () => ctx.Data.LoadFromIdx(rawImages, rawLabels, options));
        double idxRawCpu = CpuSeconds[^1];

        // Arrow IPC of the same table (file and stream layouts).
        string arrowFile = Path.Combine(temp, "fashion.arrow");
        string arrowStream = Path.Combine(temp, "fashion.arrows");
        double arrowWrite = Best(repeats, () => ctx.Data.SaveAsArrow(fashion, arrowFile));
        double arrowWriteCpu = CpuSeconds[^1];
        ctx.Data.SaveAsArrow(fashion, arrowStream, new ArrowSaveOptions { Format = ArrowFormat.Stream });
        long arrowBytes = new FileInfo(arrowFile).Length;
        double arrowRead = Best(repeats, () => ctx.Data.LoadFromArrow(arrowFile));
        double arrowReadCpu = CpuSeconds[^1];
        double arrowStreamRead = Best(repeats, () => ctx.Data.LoadFromArrow(arrowStream));
        double arrowStreamCpu = CpuSeconds[^1];

        // A generated numeric CSV (float32 values in shortest round-trip form, as SaveAsCsv writes them).
        string csv = Path.Combine(temp, "numeric.csv");
        const int columns = 16;
        int csvRows = GenerateCsv(ctx, csv, columns, csvMegabytes);
        long csvBytes = new FileInfo(csv).Length;
        var schema = Enumerable.Range(0, columns).Select(j => new SchemaColumn($"x{j:00}", ColumnType.Single)).ToArray();
        double csvExplicit = Best(repeats, () => ctx.Data.LoadFromCsv(csv, new CsvLoaderOptions { Columns = schema }));
        double csvExplicitCpu = CpuSeconds[^1];
        double csvInferred = Best(repeats, () => ctx.Data.LoadFromCsv(csv));
        double csvInferredCpu = CpuSeconds[^1];
        double csvOneThread = Best(Math.Max(1, repeats / 2), () => ctx.Data.LoadFromCsv(csv, new CsvLoaderOptions { Columns = schema, MaxDegreeOfParallelism = 1 }));
        double csvOneThreadCpu = CpuSeconds[^1];

        Dictionary<string, double?> refs = reference ? RunReference(images, labels, csv, arrowFile, repeats) : [];
        rows.Add(("IDX train, gzip (60000x28x28 + labels)", idxBytes, idxGz, idxGzCpu, refs.GetValueOrDefault("idx"), "numpy gzip+frombuffer+astype/255"));
        rows.Add(("IDX train, raw", idxBytes, idxRaw, idxRawCpu, null, ""));
        rows.Add(("Arrow IPC file read (same table)", arrowBytes, arrowRead, arrowReadCpu, refs.GetValueOrDefault("arrow"), "pyarrow read_all"));
        rows.Add(("Arrow IPC stream read", arrowBytes, arrowStreamRead, arrowStreamCpu, null, ""));
        rows.Add(("Arrow IPC file write (atomic)", arrowBytes, arrowWrite, arrowWriteCpu, null, ""));
        rows.Add(($"CSV {csvRows}x{columns} float, explicit schema", csvBytes, csvExplicit, csvExplicitCpu, refs.GetValueOrDefault("csv"), "numpy.loadtxt float32"));
        rows.Add(("CSV same, type inference", csvBytes, csvInferred, csvInferredCpu, null, ""));
        rows.Add(("CSV same, explicit schema, 1 thread", csvBytes, csvOneThread, csvOneThreadCpu, null, ""));

        Console.WriteLine();
        Console.WriteLine($"| load | MB | ours s | ours MB/s | ours CPU s | reference | ref s | ref MB/s | ours vs ref |");
        Console.WriteLine($"| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
        foreach (var (name, bytes, ours, cpu, refSeconds, refName) in rows)
        {
            double mb = bytes / 1e6;
            string refCells = refSeconds is { } r
                ? $"{refName} | {r:F3} | {mb / r:F0} | {r / ours:F1}x faster"
                : refName.Length > 0 ? $"{refName} | n/a | | " : " | | | ";
            Console.WriteLine($"| {name} | {mb:F1} | {ours:F3} | {mb / ours:F0} | {cpu:F3} | {refCells} |");
        }
        Console.WriteLine();
        Console.WriteLine($"targets: IDX and Arrow >= 500 MB/s, numeric CSV >= 100 MB/s. Load average after: {LoadAverage()}");
        return 0;
    }

    private static int GenerateCsv(PipelineContext ctx, string path, int columns, int megabytes)
    {
        // About 11 bytes per value: size the row count to the requested megabytes.
        int rows = (int)(megabytes * 1e6 / (columns * 11.2));
        var random = new SeededRandom(42);
        var data = new DataColumn[columns];
        for (int j = 0; j < columns; j++)
        {
            var values = new float[rows];
            double scale = Math.Pow(10, j % 4 - 1);
            for (int i = 0; i < rows; i++)
                values[i] = (float)(random.NextGaussian() * scale);
            data[j] = new ScalarColumn<float>($"x{j:00}", values);
        }
        ctx.Data.SaveAsCsv(new DataTable(data), path);
        return rows;
    }

    private static void Decompress(string gz, string target)
    {
        using var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        using var output = File.Create(target);
        input.CopyTo(output);
    }

    /// <summary>
    /// Best wall time of <paramref name="repeats"/> runs after one warm-up run (JIT, page cache). The process
    /// CPU time of that run is kept too: on a shared machine it shows how much of the wall time was waiting.
    /// </summary>
    private static double Best(int repeats, Action action)
    {
        action();
        double best = double.MaxValue;
        double cpuOfBest = 0;
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            double wall = sw.Elapsed.TotalSeconds;
            if (wall < best)
            {
                best = wall;
                cpuOfBest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            }
        }
        CpuSeconds.Add(cpuOfBest);
        return best;
    }

    private static readonly List<double> CpuSeconds = [];

    private static Dictionary<string, double?> RunReference(string images, string labels, string csv, string arrow, int repeats)
    {
        string script = Path.Combine(RepositoryRoot(), "benchmarks", "reference", "loaders.py");
        var start = ReferencePython.Start();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var a in new[] { script, images, labels, csv, arrow, repeats.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"reference script failed ({process.ExitCode}): {error.Trim()}");
                return [];
            }
            return JsonSerializer.Deserialize<Dictionary<string, double?>>(output) ?? [];
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or JsonException)
        {
            Console.WriteLine($"reference skipped: {e.Message}");
            return [];
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PipelineExtensions.sln")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }

    private static string StringArg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
