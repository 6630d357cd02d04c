namespace PipelineExtensions.Benchmarks.Infrastructure;

/// <summary>
/// A benchmark that runs our code and a reference implementation (a Python script using Debian's
/// scikit-learn / imbalanced-learn / PyTorch / torchvision / Optuna) in one run and prints their ratio.
/// Implementations are found by reflection; run one with <c>dotnet run -c Release --project benchmarks/PipelineExtensions.Benchmarks -- NAME [args]</c>.
/// </summary>
public interface ISideBySideBenchmark
{
    /// <summary>The command-line name, e.g. "loaders" or "smote".</summary>
    string Name { get; }

    /// <summary>One line for the list printed by <c>--list</c>.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and prints its table; returns the process exit code.</summary>
    int Run(string[] args);
}
