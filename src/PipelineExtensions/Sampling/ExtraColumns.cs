using PipelineExtensions.Data;

namespace PipelineExtensions.Sampling;

/// <summary>How columns other than features and label are filled for synthetic rows under <see cref="SyntheticRowValues.Missing"/>.</summary>
internal static class ExtraColumns
{
    /// <summary>Throws when <paramref name="schema"/> has a column (other than features and label) without a missing value.</summary>
    public static void CheckMissingRepresentable(DataSchema schema, string features, string label, string step)
    {
        foreach (var column in schema)
        {
            if (column.Name == features || column.Name == label)
                continue;
            if (column.Type is ScalarType { IsFloatingPoint: false } s)
                throw new ArgumentException(
                    $"{step}: column '{column.Name}' ({s.DisplayName}) has no missing value to put in synthetic rows; use SyntheticRowValues.CopyFromSeed or convert the column.");
        }
    }

    public static DataColumn GatherWithMissing(DataColumn column, int[] sourceRows, RowOrigin[] origins)
    {
        var gathered = column.Gather(sourceRows);
        return gathered switch
        {
            ScalarColumn<float> f => new ScalarColumn<float>(f.Name, Blank(f.ToArray(), origins, float.NaN)),
            ScalarColumn<double> f => new ScalarColumn<double>(f.Name, Blank(f.ToArray(), origins, double.NaN)),
            TextColumn t => new TextColumn(t.Name, Blank(t.Values.ToArray(), origins, null)),
            KeyColumn k => new KeyColumn(k.Name, k.KeyType, Blank(k.Keys.ToArray(), origins, KeyColumn.Missing)),
            VectorColumn v => new VectorColumn(v.Name, v.VectorType, BlankRows(v.Data.ToArray(), v.Size, origins)),
            _ => throw new ArgumentException($"Column '{column.Name}' ({column.Type.DisplayName}) has no missing value to put in synthetic rows; use SyntheticRowValues.CopyFromSeed."),
        };
    }

    private static T[] Blank<T>(T[] values, RowOrigin[] origins, T missing)
    {
        for (int i = 0; i < values.Length; i++)
            if (origins[i] == RowOrigin.Synthetic)
                values[i] = missing;
        return values;
    }

    private static float[] BlankRows(float[] values, int size, RowOrigin[] origins)
    {
        for (int i = 0; i < origins.Length; i++)
            if (origins[i] == RowOrigin.Synthetic)
                values.AsSpan(i * size, size).Fill(float.NaN);
        return values;
    }
}
