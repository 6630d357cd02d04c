using PipelineExtensions.Training;
using Spectre.Console;

namespace PipelineExtensions.Cli.Progress;

/// <summary>How a command's long steps report progress: a bar on the terminal, nothing in tests.</summary>
public interface IRunProgress
{
    /// <summary>Runs a training call, feeding its epoch reports to a bar of <paramref name="epochs"/> ticks.</summary>
    T Train<T>(string title, int epochs, Func<IProgress<EpochReport>, T> train);

    /// <summary>Runs a step that reports the fraction done (0–1).</summary>
    T Step<T>(string title, Func<Action<double>, T> work);
}

/// <summary>Spectre.Console bars (<see cref="ConsoleProgress"/>) on a console.</summary>
/// <param name="console">Where to draw.</param>
public sealed class ConsoleRunProgress(IAnsiConsole console) : IRunProgress
{
    /// <inheritdoc />
    public T Train<T>(string title, int epochs, Func<IProgress<EpochReport>, T> train) => ConsoleProgress.RunTraining(console, title, epochs, train);

    /// <inheritdoc />
    public T Step<T>(string title, Func<Action<double>, T> work) => ConsoleProgress.Run(console, title, work);
}

/// <summary>No progress output (tests, library use).</summary>
public sealed class SilentRunProgress : IRunProgress
{
    /// <summary>The shared instance.</summary>
    public static SilentRunProgress Instance { get; } = new();

    /// <inheritdoc />
    public T Train<T>(string title, int epochs, Func<IProgress<EpochReport>, T> train) => train(NoProgress.Instance);

    /// <inheritdoc />
    public T Step<T>(string title, Func<Action<double>, T> work) => work(_ => { });
}

internal sealed class NoProgress : IProgress<EpochReport>
{
    public static NoProgress Instance { get; } = new();

    public void Report(EpochReport value)
    {
    }
}
