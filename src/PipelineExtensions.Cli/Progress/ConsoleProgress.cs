using System.Globalization;
using PipelineExtensions.Training;
using Spectre.Console;

namespace PipelineExtensions.Cli.Progress;

/// <summary>
/// Spectre.Console progress bars for the long steps of the <c>pipex</c> commands: a training run (one tick per
/// epoch, the latest figures in the description) or any step that reports a fraction done. On a console that is
/// not interactive (output redirected to a log, CI) it writes one plain line per epoch instead of a live bar.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="train"/> under a progress bar fed by the <see cref="IProgress{EpochReport}"/> it is given.</summary>
    /// <param name="console">Where to draw (AnsiConsole.Console for the terminal).</param>
    /// <param name="title">The bar's label (plain text; escaped).</param>
    /// <param name="epochs">The planned epochs (the bar's length; an early stop completes it).</param>
    /// <param name="train">The training call; pass the progress to the trainer's options.</param>
    public static T RunTraining<T>(IAnsiConsole console, string title, int epochs, Func<IProgress<EpochReport>, T> train)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(train);
        Options.Check.Positive(epochs);
        if (!console.Profile.Capabilities.Interactive)
        {
            var lines = new LineSink(console, title);
            var plain = train(lines);
            console.WriteLine($"{title}: done");
            return plain;
        }
        return Bars(console).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(title), maxValue: epochs);
            var result = train(new EpochSink(task, title));
            task.Value = task.MaxValue;
            return result;
        });
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar; it reports the fraction done (0–1) through the callback.</summary>
    public static T Run<T>(IAnsiConsole console, string title, Func<Action<double>, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!console.Profile.Capabilities.Interactive)
        {
            console.WriteLine($"{title} ...");
            var plain = work(_ => { });
            console.WriteLine($"{title}: done");
            return plain;
        }
        return Bars(console).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
            var result = work(fraction => task.Value = Math.Clamp(fraction, 0, 1));
            task.Value = 1;
            return result;
        });
    }

    /// <summary>The figures of one epoch as a short line: "epoch 3/20 · loss 0.41 · val_loss 0.52 · val_bal_acc 71.3% · lr 1e-3".</summary>
    public static string Describe(EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ci = CultureInfo.InvariantCulture;
        string text = string.Create(ci, $"epoch {report.Epoch + 1}/{report.Epochs} · loss {report.Train.Loss:G3}");
        if (report.Validation is { } v)
            text += string.Create(ci, $" · val_loss {v.Loss:G3} · val_bal_acc {v.BalancedAccuracy * 100:0.0}%");
        return text + string.Create(ci, $" · lr {report.LearningRate:G2}");
    }

    private static Spectre.Console.Progress Bars(IAnsiConsole console) => console.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

    private sealed class LineSink(IAnsiConsole console, string title) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => console.WriteLine($"{title}: {Describe(value)}");
    }

    // Progress callbacks may come from the training thread; Spectre's task updates are thread-safe.
    private sealed class EpochSink(ProgressTask task, string title) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            task.MaxValue = value.Epochs;
            task.Value = value.Epoch + 1;
            task.Description = Markup.Escape($"{title}: {Describe(value)}");
        }
    }
}
