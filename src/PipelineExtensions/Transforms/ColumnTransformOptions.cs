using PipelineExtensions.Options;

namespace PipelineExtensions.Transforms;

/// <summary>
/// The column pair every one-column transform's options share: the column written and the column read
/// (ML.NET's <c>outputColumnName</c> / <c>inputColumnName</c> convention: no input name means "the output column").
/// </summary>
public abstract class ColumnTransformOptions
{
    private string _outputColumnName;
    private string? _inputColumnName;

    /// <summary>Sets the default output column name.</summary>
    protected ColumnTransformOptions(string defaultOutputColumnName) => _outputColumnName = Check.NotEmpty(defaultOutputColumnName);

    /// <summary>The column written (replaced if present). The default depends on the transform (<c>"Features"</c> or <c>"Label"</c>).</summary>
    public string OutputColumnName
    {
        get => _outputColumnName;
        set => _outputColumnName = Check.NotEmpty(value);
    }

    /// <summary>The column read. Default null: the output column.</summary>
    public string? InputColumnName
    {
        get => _inputColumnName;
        set => _inputColumnName = value is null ? null : Check.NotEmpty(value);
    }

    /// <summary>The column actually read: <see cref="InputColumnName"/>, or the output column when it is null.</summary>
    public string ResolvedInputColumnName => InputColumnName ?? OutputColumnName;
}
