namespace PipelineExtensions.Cli.Tests.NotebookTests;

/// <summary>A notebook cell that did not compile or threw; the message names the notebook, the cell and its first code line.</summary>
public sealed class NotebookCellException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotebookCellException(string notebook, int cellIndex, string message, Exception? inner = null)
        : base($"{notebook}, cell {cellIndex}: {message}", inner)
    {
        Notebook = notebook;
        CellIndex = cellIndex;
    }

    /// <summary>The notebook's file name.</summary>
    public string Notebook { get; }

    /// <summary>The cell's index in the notebook's <c>cells</c> array (0-based, markdown cells counted).</summary>
    public int CellIndex { get; }
}
