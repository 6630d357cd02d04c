using System.CommandLine;
using PipelineExtensions.Cli.Demo;
using PipelineExtensions.Cli.Describe;
using PipelineExtensions.Cli.Doctor;
using PipelineExtensions.Cli.Sweeps;
using PipelineExtensions.Cli.Train;
using Spectre.Console;

namespace PipelineExtensions.Cli;

/// <summary>The <c>pipex</c> command line.</summary>
public static class Program
{
    /// <summary>Builds the root command with every sub-command.</summary>
    /// <param name="console">Where the commands write; null: the terminal.</param>
    public static RootCommand BuildRootCommand(IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        var root = new RootCommand("pipex: PipelineExtensions from the command line — find out why a model plateaued and fix it.");
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(SweepCommand.Create(console));
        root.Subcommands.Add(DoctorCommand.Create(console));
        root.Subcommands.Add(DescribeCommand.Create(console));
        return root;
    }

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();
}
