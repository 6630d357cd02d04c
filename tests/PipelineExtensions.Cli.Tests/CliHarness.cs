using Spectre.Console;

namespace PipelineExtensions.Cli.Tests;

// Runs `pipex <args>` in-process on a plain (no colour, not interactive) console and returns what it printed.
internal static class CliHarness
{
    public static (int Exit, string Output) Invoke(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        int exit = Program.BuildRootCommand(console).Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = writer, Error = writer });
        return (exit, writer.ToString());
    }
}
