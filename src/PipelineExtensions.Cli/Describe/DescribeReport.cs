using System.Globalization;
using PipelineExtensions.Data;
using Spectre.Console;

namespace PipelineExtensions.Cli.Describe;

/// <summary>Renders a table's schema, row count, per-column summary and class distribution.</summary>
internal static class DescribeReport
{
    private const int MaxClasses = 50;
    private static readonly string[] LabelNames = ["label", "class", "target", "y"];
    private static readonly Color[] Palette = [Color.SteelBlue, Color.DarkOrange, Color.SeaGreen2, Color.IndianRed, Color.MediumPurple, Color.Gold1, Color.Teal, Color.HotPink, Color.Olive, Color.Grey];

    public static void Render(IAnsiConsole console, string path, DataFileLoader.Loaded loaded, string? labelColumn)
    {
        var table = loaded.Table;
        string size = FormatBytes(new FileInfo(path).Length);
        console.MarkupLine($"[bold]{Markup.Escape(Path.GetFileName(path))}[/]  {Markup.Escape(loaded.Format)}, {size}, [bold]{table.RowCount.ToString("N0", CultureInfo.InvariantCulture)}[/] rows, {table.Schema.Count} columns");
        foreach (var note in loaded.Notes)
            console.MarkupLine($"  ({Markup.Escape(note)})");

        var schema = new Table().Border(TableBorder.Rounded).AddColumn("column").AddColumn("type").AddColumn("summary");
        foreach (var column in table.Columns)
            schema.AddRow(Markup.Escape(column.Name), Markup.Escape(column.Type.DisplayName), Markup.Escape(Summary(column)));
        console.Write(schema);

        var label = ChooseLabel(table, labelColumn);
        if (label is null)
        {
            console.MarkupLine("No class column found (a key column, or one named label/class/target); use --label to pick one.");
            return;
        }
        var counts = ClassCounts(label);
        if (counts.Count > MaxClasses)
        {
            console.MarkupLine($"Column '{Markup.Escape(label.Name)}' has {counts.Count} distinct values: too many to be a class column.");
            return;
        }
        int total = Math.Max(1, counts.Sum(c => c.Count));
        var chart = new BarChart().Width(Math.Min(100, Math.Max(40, console.Profile.Width))).Label($"[bold]Class distribution of '{Markup.Escape(label.Name)}'[/]");
        for (int i = 0; i < counts.Count; i++)
        {
            var (name, count) = counts[i];
            double percent = 100.0 * count / total;
            chart.AddItem($"{Markup.Escape(name)} ({percent.ToString("0.0", CultureInfo.InvariantCulture)}%)", count, Palette[i % Palette.Length]);
        }
        console.Write(chart);
        int max = counts.Max(c => c.Count);
        int min = counts.Where(c => c.Count > 0).Select(c => c.Count).DefaultIfEmpty(0).Min();
        if (min > 0)
            console.MarkupLine($"Imbalance ratio (largest / smallest class): {(double)max / min:0.0}");
    }

    private static DataColumn? ChooseLabel(DataTable table, string? requested)
    {
        if (requested is not null)
            return table.GetColumn(requested);
        return table.Columns.OfType<KeyColumn>().FirstOrDefault()
            ?? table.Columns.FirstOrDefault(c => LabelNames.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
            ?? table.Columns.OfType<TextColumn>().LastOrDefault();
    }

    private static List<(string Name, int Count)> ClassCounts(DataColumn column)
    {
        if (column is KeyColumn key)
        {
            var perClass = key.CountPerClass();
            var result = key.KeyType.ClassNames.Select((name, i) => (name, perClass[i])).ToList();
            int missing = key.Keys.ToArray().Count(k => k < 0);
            if (missing > 0)
                result.Add(("<missing>", missing));
            return result;
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < column.Length; i++)
        {
            string value = column.FormatValue(i);
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)).ToList();
    }

    private static string Summary(DataColumn column)
    {
        switch (column)
        {
            case ScalarColumn<float> f:
                return Numeric(f.Values.ToArray().Select(v => (double)v));
            case ScalarColumn<double> d:
                return Numeric(d.Values.ToArray());
            case ScalarColumn<int> i:
                return Numeric(i.Values.ToArray().Select(v => (double)v));
            case ScalarColumn<bool> b:
                return $"{b.Values.ToArray().Count(v => v)} true";
            case TextColumn t:
                var values = t.Values.ToArray();
                int nulls = values.Count(v => v is null);
                return $"{values.Where(v => v is not null).Distinct().Count()} distinct" + (nulls > 0 ? $", {nulls} missing" : "");
            case KeyColumn k:
                return $"{k.KeyType.Count} classes";
            case VectorColumn v:
                var data = v.Data;
                float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
                foreach (float x in data)
                {
                    lo = Math.Min(lo, x);
                    hi = Math.Max(hi, x);
                }
                return data.Length == 0 ? "empty" : $"values in [{lo.ToString("G4", CultureInfo.InvariantCulture)}, {hi.ToString("G4", CultureInfo.InvariantCulture)}]";
            default:
                return "";
        }
    }

    private static string Numeric(IEnumerable<double> values)
    {
        var list = values.ToList();
        var finite = list.Where(v => !double.IsNaN(v)).ToList();
        if (finite.Count == 0)
            return list.Count == 0 ? "empty" : "all missing";
        string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
        int missing = list.Count - finite.Count;
        return $"min {F(finite.Min())}, mean {F(finite.Average())}, max {F(finite.Max())}" + (missing > 0 ? $", {missing} missing" : "");
    }

    private static string FormatBytes(long bytes) =>
        bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MiB" : bytes >= 1 << 10 ? $"{bytes / 1024.0:0.0} KiB" : $"{bytes} B";
}
