namespace PipelineExtensions.GpuBench;

/// <summary>Command-line settings of the GPU proof run.</summary>
internal sealed class BenchOptions
{
    public string Device { get; private set; } = "cuda";
    public HashSet<string> Sections { get; private set; } = ["info", "ptx", "conformance", "gemm", "epoch"];
    public int GemmSize { get; private set; } = 4096;
    public int GemmRepeats { get; private set; } = 10;
    public string? DataDirectory { get; private set; }
    public int? EpochSteps { get; private set; }
    public int? EpochRows { get; private set; }
    public int CpuThreads { get; private set; } = Environment.ProcessorCount;
    public string? TorchJson { get; private set; }
    public string? InstructionSet { get; private set; }
    public bool SkipCpuEpoch { get; private set; }
    public int Warmup { get; private set; } = 20;
    public int[]? EpochCpuThreads { get; private set; }
    public int? ExtraBatch { get; private set; }
    public string? PtxDump { get; private set; }
    public int Batch { get; private set; } = 128;
    public int ProfileSteps { get; private set; } = 50;
    public bool SkipTiledEpoch { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--device": o.Device = Next(); break;
                case "--sections": o.Sections = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                case "--gemm-size": o.GemmSize = int.Parse(Next()); break;
                case "--gemm-repeats": o.GemmRepeats = int.Parse(Next()); break;
                case "--data": o.DataDirectory = Next(); break;
                case "--epoch-steps": o.EpochSteps = int.Parse(Next()); break;
                case "--epoch-rows": o.EpochRows = int.Parse(Next()); break;
                case "--cpu-threads": o.CpuThreads = int.Parse(Next()); break;
                case "--torch": o.TorchJson = Next(); break;
                case "--isa": o.InstructionSet = Next(); break;
                case "--skip-cpu-epoch": o.SkipCpuEpoch = true; break;
                case "--ptx-dump": o.PtxDump = Next(); break;
                case "--batch": o.Batch = int.Parse(Next()) is > 0 and var batch ? batch : throw new ArgumentException("--batch must be positive."); break;
                case "--profile-steps": o.ProfileSteps = int.Parse(Next()); break;
                case "--skip-tiled-epoch": o.SkipTiledEpoch = true; break;
                case "--extra-batch": o.ExtraBatch = int.Parse(Next()); break;
                case "--warmup": o.Warmup = int.Parse(Next()); break;
                case "--epoch-cpu-threads": o.EpochCpuThreads = [.. Next().Split(',').Select(int.Parse)]; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (o.Device is not ("cuda" or "ilgpu-cpu"))
            throw new ArgumentException($"--device must be cuda or ilgpu-cpu, got '{o.Device}'.");
        return o;
    }
}
