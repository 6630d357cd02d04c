namespace PipelineExtensions.Data;

/// <summary>A column that a step or a caller asked for does not exist.</summary>
public sealed class ColumnNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception; the message lists the columns that do exist.</summary>
    public ColumnNotFoundException(string column, IEnumerable<SchemaColumn> existing)
        : base($"Column '{column}' not found. Existing columns: {Describe(existing)}.")
    {
        Column = column;
    }

    /// <summary>The missing column name.</summary>
    public string Column { get; }

    internal static string Describe(IEnumerable<SchemaColumn> existing)
    {
        var list = existing.Select(c => $"'{c.Name}' ({c.Type.DisplayName})").ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}

/// <summary>
/// A column is missing or has the wrong type for a pipeline step. Raised when a chain's schema is checked,
/// before any data flows.
/// </summary>
public sealed class SchemaMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="column">The column concerned.</param>
    /// <param name="expected">The expected type (description).</param>
    /// <param name="actual">The actual type, or null when the column is missing.</param>
    /// <param name="step">The step that reads the column, if known.</param>
    /// <param name="existing">Existing column names, listed when the column is missing.</param>
    public SchemaMismatchException(string column, string expected, string? actual, string? step = null, IEnumerable<string>? existing = null)
        : base(BuildMessage(column, expected, actual, step, existing))
    {
        Column = column;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The column concerned.</summary>
    public string Column { get; }

    /// <summary>The type the step expected.</summary>
    public string Expected { get; }

    /// <summary>The actual type, or null when the column was missing.</summary>
    public string? Actual { get; }

    private static string BuildMessage(string column, string expected, string? actual, string? step, IEnumerable<string>? existing)
    {
        string who = step is null ? "" : $"{step}: ";
        if (actual is null)
        {
            string list = existing is null ? "" : $" Existing columns: {string.Join(", ", existing.Select(n => $"'{n}'"))}.";
            return $"{who}column '{column}' not found; expected a column of type {expected}.{list}";
        }
        return $"{who}column '{column}' has type {actual}, expected {expected}.";
    }
}
