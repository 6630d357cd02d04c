using PipelineExtensions.Cli.Progress;
using PipelineExtensions.Training;
using Spectre.Console;

namespace PipelineExtensions.Cli.Tests.Progress;

public class ConsoleProgressTests
{
    private static IAnsiConsole Console(StringWriter writer, bool interactive = false) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });

    private static EpochReport Report(int epoch, int epochs) => new(epoch, epochs, 1e-3, 10L * (epoch + 1), TimeSpan.FromSeconds(1),
        new EpochMetrics(0.5 / (epoch + 1), ConfusionMatrix.FromCounts(2, [8, 2, 3, 7])),
        new EpochMetrics(0.6 / (epoch + 1), ConfusionMatrix.FromCounts(2, [4, 1, 1, 4])));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_progress_shows_each_epoch_and_returns_the_result(bool interactive)
    {
        var writer = new StringWriter();
        int result = ConsoleProgress.RunTraining(Console(writer, interactive), "plain [model]", 3, progress =>
        {
            for (int e = 0; e < 3; e++)
                progress.Report(Report(e, 3));
            return 42;
        });
        Assert.Equal(42, result);
        string output = writer.ToString();
        Assert.Contains("plain [model]", output);
        Assert.Contains("epoch 3/3", output);
        if (!interactive)
        {
            Assert.Contains("plain [model]: epoch 1/3 · loss 0.5", output);
            Assert.Contains("plain [model]: done", output);
        }
    }

    [Fact]
    public void Describe_lists_the_figures()
    {
        Assert.Equal("epoch 2/5 · loss 0.25 · val_loss 0.3 · val_bal_acc 80.0% · lr 0.001", ConsoleProgress.Describe(Report(1, 5)));
    }

    [Fact]
    public void A_fractional_step_completes()
    {
        var writer = new StringWriter();
        string done = ConsoleProgress.Run(Console(writer), "diagnose", report => { report(0.5); return "ok"; });
        Assert.Equal("ok", done);
        Assert.Contains("diagnose", writer.ToString());
    }
}
