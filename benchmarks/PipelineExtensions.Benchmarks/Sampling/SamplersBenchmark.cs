using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Benchmarks.Sampling;

/// <summary>
/// RandomOverSampler, SMOTE, ADASYN and Borderline-SMOTE against imbalanced-learn 0.10 on the same data (written to
/// files and read by benchmarks/reference/samplers.py), one run, printing the ratios, a scaling table and peak memory.
/// Arguments: [--rows 20000,100000,500000] [--repeats 3] [--full] (--full adds ADASYN/Borderline at the largest size)
/// [--ours-only] (skip the reference) [--cases ros,smote,...] (run only these cases) [--hash] (print a SHA-256 of
/// each output: features, labels and provenance, to check that a change leaves the results bit-identical)
/// [--dims 32] (features per row; low values exercise the KD-tree neighbour search) [--no-tree] (brute-force
/// neighbour search even where the KD-tree gate would pick the tree) [--data gauss|plane] (plane: rows on a random
/// 2-dimensional plane, N(0, 3²) on it plus N(0, 0.001²) noise per feature, minority shifted by 0.5: low intrinsic dimension).
/// [--rounds R] (R > 1: each case alternates R times between the reference and ours, each round timing both sides
/// back to back; prints the median of the per-round ratios and every round's ratio. On a shared virtual machine the
/// speed of both sides drifts by ±25 % over minutes, so pairing the sides in time keeps the drift out of the ratio.)
/// </summary>
public sealed class SamplersBenchmark : ISideBySideBenchmark
{
    private int _dimension = 32;
    private bool _plane;

    /// <inheritdoc />
    public string Name => "samplers";

    /// <inheritdoc />
    public string Description => "RandomOverSampler/SMOTE/ADASYN/Borderline-SMOTE vs imbalanced-learn 0.10 (100k x 32 at 1:99 and 1:4, scaling 20k-500k)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var sizes = Arg(args, "--rows", "20000,100000,500000").Split(',').Select(int.Parse).ToArray();
        _dimension = int.Parse(Arg(args, "--dims", "32"), CultureInfo.InvariantCulture);
        _plane = Arg(args, "--data", "gauss") == "plane";
        // Flows into the samplers' parallel work (an AsyncLocal).
        PipelineExtensions.Sampling.Neighbors.KdTreeSearch.Disabled.Value = args.Contains("--no-tree");
        int repeats = int.Parse(Arg(args, "--repeats", "3"), CultureInfo.InvariantCulture);
        bool full = args.Contains("--full");
        bool oursOnly = args.Contains("--ours-only");
        bool hash = args.Contains("--hash");
        int rounds = Math.Max(1, int.Parse(Arg(args, "--rounds", "1"), CultureInfo.InvariantCulture));
        var only = Arg(args, "--cases", "ros,smote,adasyn,borderline").Split(',');
        Console.WriteLine($"samplers: {_dimension} float features{(_plane ? " on a 2-D plane" : "")}{(args.Contains("--no-tree") ? " (no KD-tree)" : "")}, k = 5 (Borderline m = 10), median of {repeats} runs (1 above 100k rows) after one warm-up{(rounds > 1 ? $", {rounds} alternating rounds per case (reference, then ours)" : "")}; " +
                          $"{Environment.ProcessorCount} cores; load: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"case",-30} {"rows out",9} {"ours ms",9} {"imblearn ms",12} {"ratio",7} {"ours alloc MB",14} {"py peak MB",11} {"ours cpu ms",12}{(rounds > 1 ? "  ratio per round" : "")}");
        JsonNode? blas = null;
        double pyRss = 0;
        foreach (var (rows, minorityShare, planned) in Plan(sizes, full))
        {
            var cases = planned.Where(only.Contains).ToArray();
            if (cases.Length == 0)
                continue;
            var (table, x, y) = Make(rows, minorityShare, seed: rows);
            string dir = Path.Combine(Path.GetTempPath(), $"pipex-samplers-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            string xPath = Path.Combine(dir, "x.f32"), yPath = Path.Combine(dir, "y.i32");
            File.WriteAllBytes(xPath, MemoryMarshal.AsBytes(x.AsSpan()).ToArray());
            File.WriteAllBytes(yPath, MemoryMarshal.AsBytes(y.AsSpan()).ToArray());
            // Above 100k rows one timed run per side (after the warm-up) keeps the whole benchmark within minutes.
            int runs = rows > 100_000 ? 1 : repeats;
            // One round: the reference on every case, then ours on every case (as before). With --rounds, each case
            // alternates between the two sides instead, round after round.
            var reference = oursOnly || rounds > 1 ? null : RunReference(xPath, yPath, rows, cases, runs);
            blas ??= reference?["blas"];
            pyRss = Math.Max(pyRss, reference?["maxrss_mb"]?.GetValue<double>() ?? 0);
            foreach (var c in cases)
            {
                var sampler = Create(c);
                sampler.FitResample(table); // warm-up (JIT, pools)
                var oursMs = new List<double>();
                var theirsMs = new List<double>();
                var ratios = new List<double>();
                var cpu = new List<double>();
                JsonNode? py = reference?["cases"]?[c];
                Measurement measured = default;
                for (int round = 0; round < rounds; round++)
                {
                    if (rounds > 1 && !oursOnly)
                    {
                        var alone = RunReference(xPath, yPath, rows, [c], runs);
                        blas ??= alone?["blas"];
                        pyRss = Math.Max(pyRss, alone?["maxrss_mb"]?.GetValue<double>() ?? 0);
                        py = alone?["cases"]?[c];
                    }
                    measured = Measure(sampler, table, runs);
                    oursMs.Add(measured.Milliseconds);
                    cpu.Add(measured.CpuMilliseconds);
                    if (py?["seconds"]?.GetValue<double>() is double seconds)
                    {
                        theirsMs.Add(seconds * 1000);
                        ratios.Add(seconds * 1000 / measured.Milliseconds);
                    }
                }
                double ours = Median(oursMs);
                double? theirs = theirsMs.Count > 0 ? Median(theirsMs) : null;
                double? ratio = ratios.Count > 0 ? Median(ratios) : null;
                string label = $"{c} {rows / 1000}k 1:{Math.Round((1 - minorityShare) / minorityShare)}";
                string perRound = rounds > 1 && ratios.Count > 0 ? "  " + string.Join(" ", ratios.Select(r => r.ToString("F1", CultureInfo.InvariantCulture) + "x")) : "";
                Console.WriteLine($"{label,-30} {measured.OutRows,9} {ours,9:F1} {Fmt(theirs, "F1"),12} {Fmt(ratio, "F1") + "x",7} {measured.AllocatedBytes / 1048576.0,14:F1} {Fmt(py?["peak_mb"]?.GetValue<double>(), "F1"),11} {Median(cpu),12:F0}{perRound}");
                if (hash && measured.Last is not null)
                    Console.WriteLine($"  sha256 {Hash(measured.Last)}");
            }
            Directory.Delete(dir, recursive: true);
        }
        Console.WriteLine($"peak working set: ours {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB (whole benchmark process), imblearn {pyRss:F0} MB (max RSS of the reference process)");
        Console.WriteLine($"reference BLAS (threadpoolctl, OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset): {blas?.ToJsonString() ?? "n/a"}");
        if (!oursOnly && ReferencePython.BlasWarning(blas) is { } warning)
            Console.WriteLine(warning);
        return 0;
    }

    /// <summary>Median wall and CPU time of a case's timed calls (after a collection each), the last call's allocation and output.</summary>
    private readonly record struct Measurement(double Milliseconds, double CpuMilliseconds, long AllocatedBytes, int OutRows, SamplingResult? Last);

    private static Measurement Measure(Sampler sampler, DataTable table, int runs)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        long allocated = 0;
        SamplingResult? last = null;
        for (int r = 0; r < runs; r++)
        {
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var result = sampler.FitResample(table);
            times.Add(sw.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            last = result;
        }
        return new Measurement(Median(times), Median(cpu), allocated, last!.Table.RowCount, last);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static IEnumerable<(int Rows, double MinorityShare, string[] Cases)> Plan(int[] sizes, bool full)
    {
        int main = sizes.Contains(100_000) ? 100_000 : sizes.Max();
        yield return (main, 0.01, ["ros", "smote"]);
        foreach (int rows in sizes)
        {
            bool heavy = rows <= main || full;
            yield return (rows, 0.2, heavy ? ["ros", "smote", "adasyn", "borderline"] : ["ros", "smote"]);
        }
    }

    private static Sampler Create(string name) => name switch
    {
        "ros" => new RandomOverSampler(new RandomOverSamplerOptions(), 1),
        "smote" => new Smote(new SmoteOptions { NeighbourCount = 5 }, 1),
        "adasyn" => new Adasyn(new AdasynOptions { NeighbourCount = 5 }, 1),
        _ => new BorderlineSmote(new BorderlineSmoteOptions { NeighbourCount = 5, DangerNeighbourCount = 10 }, 1),
    };

    /// <summary>Gaussian (or plane) features, the minority class shifted by 0.5 in every feature (overlapping classes).</summary>
    private (DataTable Table, float[] X, int[] Y) Make(int rows, double minorityShare, long seed)
    {
        var rng = new SeededRandom(seed);
        var x = new float[rows * _dimension];
        var y = new int[rows];
        var axes = _plane ? Enumerable.Range(0, 2 * _dimension).Select(_ => rng.NextGaussian()).ToArray() : null;
        for (int i = 0; i < rows; i++)
        {
            y[i] = rng.NextDouble() < minorityShare ? 1 : 0;
            if (axes != null)
            {
                double u = rng.NextGaussian() * 3, v = rng.NextGaussian() * 3;
                for (int j = 0; j < _dimension; j++)
                    x[i * _dimension + j] = (float)(u * axes[j] + v * axes[_dimension + j] + 0.001 * rng.NextGaussian() + 0.5 * y[i]);
            }
            else
                for (int j = 0; j < _dimension; j++)
                    x[i * _dimension + j] = (float)(rng.NextGaussian() + 0.5 * y[i]);
        }
        var table = new DataTable(
            new VectorColumn("Features", ColumnType.Vector(_dimension), (float[])x.Clone()),
            new KeyColumn("Label", ColumnType.Key(["majority", "minority"]), (int[])y.Clone()));
        return (table, x, y);
    }

    private JsonNode? RunReference(string xPath, string yPath, int rows, string[] cases, int repeats)
    {
        string script = Path.Combine(FindRepositoryRoot(), "benchmarks", "reference", "samplers.py");
        var psi = ReferencePython.Start();
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        foreach (var a in new[] { script, xPath, yPath, rows.ToString(CultureInfo.InvariantCulture), _dimension.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture), string.Join(",", cases) })
            psi.ArgumentList.Add(a);
        // Fair numpy: these variables force an old OpenBLAS kernel on some CPUs; unset for the reference only.
        psi.Environment.Remove("OPENBLAS_CORETYPE");
        psi.Environment.Remove("OPENBLAS_L2_SIZE");
        try
        {
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"(reference failed: {stderr.Result.Trim().Split('\n').LastOrDefault()})");
                return null;
            }
            return JsonNode.Parse(output.Trim().Split('\n')[^1]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"(reference not run: {e.Message})");
            return null;
        }
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PipelineExtensions.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static string Hash(SamplingResult result)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(MemoryMarshal.AsBytes(result.Table.GetColumn<VectorColumn>("Features").Data));
        sha.AppendData(MemoryMarshal.AsBytes(result.Table.GetColumn<KeyColumn>("Label").Keys));
        for (int i = 0; i < result.Table.RowCount; i++)
        {
            sha.AppendData(BitConverter.GetBytes((int)result.Origins[i]));
            sha.AppendData(BitConverter.GetBytes(result.SourceRows[i]));
            sha.AppendData(BitConverter.GetBytes(result.NeighbourRows[i]));
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16];
    }

    private static string Fmt(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
