namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>HTML content made by <see cref="NotebookGlobals.HTML"/>, as the kernel's <c>HTML(...)</c> helper makes it.</summary>
/// <param name="Html">The markup.</param>
public sealed record NotebookHtml(string Html)
{
    /// <inheritdoc />
    public override string ToString() => Html;
}

/// <summary>A value a cell displayed, with the index of the cell that displayed it.</summary>
/// <param name="Cell">Index of the cell in the notebook.</param>
/// <param name="Value">The value.</param>
public sealed record DisplayedValue(int Cell, object? Value);

/// <summary>
/// What the .NET Interactive C# kernel gives every cell besides the code (its <c>Kernel</c> helpers): <c>display(...)</c>
/// and <c>HTML(...)</c>. Displayed values are kept, so tests can check what a notebook shows.
/// </summary>
public sealed class NotebookGlobals
{
    private readonly List<DisplayedValue> _displayed = [];

    /// <summary>The index of the cell that runs now.</summary>
    public int CurrentCell { get; internal set; }

    /// <summary>Everything displayed so far, in order (the values of cells that end in an expression included).</summary>
    public IReadOnlyList<DisplayedValue> Displayed => _displayed;

    /// <summary>Displays <paramref name="value"/> (the kernel formats it for the notebook; here it is recorded).</summary>
    /// <param name="value">The value.</param>
    /// <param name="mimeTypes">Preferred MIME types (ignored).</param>
#pragma warning disable IDE1006 // the kernel's names are lower-case
    public object? display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        Record(CurrentCell, value);
        return value;
    }

    /// <summary>Marks <paramref name="content"/> as HTML for <see cref="display"/>.</summary>
#pragma warning disable CA1822 // an instance member, as the kernel's global is
    public NotebookHtml HTML(string content) => new(content);
#pragma warning restore CA1822

    /// <summary>Receives a short text of each displayed value (for the test log).</summary>
    internal Action<string>? Log { get; set; }

    internal void Record(int cell, object? value)
    {
        _displayed.Add(new DisplayedValue(cell, value));
        if (Log is not null)
        {
            string text = value?.ToString() ?? "null";
            Log($"  display (cell {cell}): {(text.Length > 400 ? text[..400] + $"… ({text.Length} characters)" : text)}");
        }
    }
}
