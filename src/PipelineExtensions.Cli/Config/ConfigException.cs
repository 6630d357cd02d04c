namespace PipelineExtensions.Cli.Config;

/// <summary>A config file is wrong: the message names the file, the field's JSON path and what was expected.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The config file (or a description of its source).</param>
    /// <param name="field">The JSON path of the bad field, e.g. <c>$.trainer.epochs</c>.</param>
    /// <param name="problem">What is wrong and what was expected.</param>
    /// <param name="inner">The parser's exception, if any.</param>
    public ConfigException(string file, string field, string problem, Exception? inner = null)
        : base($"{file}: {field}: {problem}", inner)
    {
        File = file;
        Field = field;
    }

    /// <summary>The config file.</summary>
    public string File { get; }

    /// <summary>The JSON path of the bad field.</summary>
    public string Field { get; }
}
