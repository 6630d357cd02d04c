using System.CommandLine;

namespace PipelineExtensions.Cli;

/// <summary>The <c>pipex</c> command line.</summary>
public static class Program
{
    /// <summary>Builds the root command with every sub-command.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("pipex: PipelineExtensions from the command line — find out why a model plateaued and fix it.");
        return root;
    }

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();
}
