using CsCheck;
using PipelineExtensions.Data;

namespace PipelineExtensions.Tests.Data;

/// <summary>CsCheck generators of tables with every column kind, for round-trip properties.</summary>
internal static class TableGen
{
    private static readonly Gen<string?> Text = Gen.String.Null(0.15);

    /// <summary>Float, double, int, bool, text (from <paramref name="text"/>, nulls included) and key columns (missing keys included).</summary>
    public static Gen<DataTable> Scalars(Gen<string?> text, int maxRows = 30) =>
        from rows in Gen.Int[0, maxRows]
        from f in Gen.Float.Array[rows]
        from d in Gen.Double.Array[rows]
        from i in Gen.Int.Array[rows]
        from b in Gen.Bool.Array[rows]
        from s in text.Array[rows]
        from k in Gen.Int[-1, 2].Array[rows]
        select new DataTable(
            new ScalarColumn<float>("f", f),
            new ScalarColumn<double>("d", d),
            new ScalarColumn<int>("i", i),
            new ScalarColumn<bool>("b", b),
            new TextColumn("s", s),
            new KeyColumn("k", ColumnType.Key(["a", "b,c", "d\"e"]), k));

    /// <summary><see cref="Scalars"/> plus a vector and an image column.</summary>
    public static Gen<DataTable> AllKinds() =>
        from scalars in Scalars(Text, maxRows: 25)
        from v in Gen.Float.Array[scalars.RowCount * 3]
        from img in Gen.Float.Array[scalars.RowCount * 2 * 2 * 1]
        select scalars
            .WithColumn(new VectorColumn("v", ColumnType.Vector(3), v))
            .WithColumn(new VectorColumn("img", ColumnType.Image(1, 2, 2), img));
}
