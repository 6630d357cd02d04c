using CsCheck;
using PipelineExtensions.Data;

namespace PipelineExtensions.Tests.Data;

/// <summary>CsCheck generators of tables with every column kind, for round-trip properties.</summary>
internal static class TableGen
{
    private static readonly Gen<string?> Text = Gen.String.Null(0.15);

    public static Gen<DataTable> AllKinds(bool missing = true) =>
        from rows in Gen.Int[0, 25]
        from f in Gen.Float.Array[rows]
        from d in Gen.Double.Array[rows]
        from i in Gen.Int.Array[rows]
        from b in Gen.Bool.Array[rows]
        from s in (missing ? Text : Gen.String.Select(v => (string?)v)).Array[rows]
        from k in Gen.Int[missing ? -1 : 0, 2].Array[rows]
        from v in Gen.Float.Array[rows * 3]
        from img in Gen.Float.Array[rows * 2 * 2 * 1]
        select new DataTable(
            new ScalarColumn<float>("f", f),
            new ScalarColumn<double>("d", d),
            new ScalarColumn<int>("i", i),
            new ScalarColumn<bool>("b", b),
            new TextColumn("s", s),
            new KeyColumn("k", ColumnType.Key(["a", "b,c", "d\"e"]), k),
            new VectorColumn("v", ColumnType.Vector(3), v),
            new VectorColumn("img", ColumnType.Image(1, 2, 2), img));
}
