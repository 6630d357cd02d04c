namespace PipelineExtensions.Data.Csv;

/// <summary>Which fields of a record load into which columns, with which types (from the explicit schema or inferred).</summary>
internal sealed class CsvLoadPlan
{
    /// <summary>One loaded column: the field it comes from, its name and type, and whether its text becomes a key.</summary>
    internal sealed record Column(int Field, string Name, ColumnType Type, bool MakeKey);

    private CsvLoadPlan(List<Column> columns, bool needsInference)
    {
        Columns = columns;
        NeedsInference = needsInference;
    }

    public List<Column> Columns { get; }

    public bool NeedsInference { get; }

    public static CsvLoadPlan Create(string[] fieldNames, CsvLoaderOptions options, string source)
    {
        var keyColumns = new HashSet<string>(options.KeyColumns, StringComparer.Ordinal);
        var columns = new List<Column>();
        if (options.Columns is { } schema)
        {
            if (!options.HasHeader && schema.Count != fieldNames.Length)
                throw new DataFormatException(source, $"the explicit schema has {schema.Count} columns but the records have {fieldNames.Length} fields; without a header the schema must list every field in order.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < schema.Count; i++)
            {
                var (name, type) = (schema[i].Name, schema[i].Type);
                if (!seen.Add(name))
                    throw new ArgumentException($"The explicit schema lists column '{name}' twice.", nameof(options));
                int field = options.HasHeader ? Array.IndexOf(fieldNames, name) : i;
                if (field < 0)
                    throw new DataFormatException(source, $"column '{name}' of the explicit schema is not in the header. Header columns: {string.Join(", ", fieldNames.Select(n => $"'{n}'"))}.");
                bool makeKey = keyColumns.Contains(name);
                if (makeKey && type is not TextType)
                    throw new ArgumentException($"Column '{name}' is listed in KeyColumns but the explicit schema declares it {type.DisplayName}; declare it Text (or give a KeyType with its class names).", nameof(options));
                if (type is not (ScalarType or TextType or KeyType))
                    throw new ArgumentException($"Column '{name}': CSV columns load as Single, Double, Int32, Boolean, Text or Key, not {type.DisplayName}; load scalars and use ctx.Transforms.Concatenate for vectors.", nameof(options));
                columns.Add(new Column(field, name, type, makeKey));
            }
        }
        else
        {
            for (int i = 0; i < fieldNames.Length; i++)
                columns.Add(new Column(i, fieldNames[i], ColumnType.Text, keyColumns.Contains(fieldNames[i])));
        }
        foreach (var key in keyColumns)
            if (!columns.Any(c => c.Name == key))
                throw new DataFormatException(source, $"KeyColumns names '{key}', which is not a loaded column. Loaded columns: {string.Join(", ", columns.Select(c => $"'{c.Name}'"))}.");
        foreach (var fill in options.FillValues.Keys)
            if (!columns.Any(c => c.Name == fill))
                throw new DataFormatException(source, $"FillValues names '{fill}', which is not a loaded column. Loaded columns: {string.Join(", ", columns.Select(c => $"'{c.Name}'"))}.");
        return new CsvLoadPlan(columns, options.Columns is null);
    }

    /// <summary>Sets the inferred type of every column that is not loaded as a key.</summary>
    public void ApplyInference(CsvTypeInference.Guess[] guesses, bool inferDouble)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (!Columns[i].MakeKey)
                Columns[i] = Columns[i] with { Type = CsvTypeInference.TypeOf(guesses[Columns[i].Field], inferDouble) };
    }
}
