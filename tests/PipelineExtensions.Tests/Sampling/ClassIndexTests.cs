using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Sampling;

namespace PipelineExtensions.Tests.Sampling;

/// <summary>The per-class row lists and label checks the samplers build on, against naive loops.</summary>
public class ClassIndexTests
{
    // Few classes (the vector scan) and many (the one-pass scatter); lengths around the 8-lane blocks.
    private static readonly Gen<(int Classes, int[] Keys)> Labels =
        Gen.OneOf(Gen.Int[1, 4], Gen.Int[9, 40]).SelectMany(k => Gen.Int[-1, k - 1].Array[0, 300].Select(keys => (k, keys)));

    [Fact]
    public void Class_rows_are_the_rows_of_each_class_in_ascending_order()
    {
        Labels.Sample(t =>
        {
            var (k, withMissing) = t;
            var type = ColumnType.Key(SamplingTestData.ClassNames(k));
            Assert.Equal(Enumerable.Range(0, k).Select(c => withMissing.Count(v => v == c)).ToArray(), new KeyColumn("Label", type, withMissing).CountPerClass());
            // Samplers refuse missing labels before they list rows.
            var keys = withMissing.Select(v => Math.Max(v, 0)).ToArray();
            var column = new KeyColumn("Label", type, keys);
            var data = new SamplerData(new DataTable(column), new VectorColumn("F", ColumnType.Vector(1), new float[keys.Length]), column);
            for (int c = k - 1; c >= 0; c--)
                Assert.Equal(Enumerable.Range(0, keys.Length).Where(i => keys[i] == c).ToArray(), data.RowsOf(c));
        }, iter: 300);
    }

    [Fact]
    public void Class_rows_of_a_dense_and_a_sparse_class_in_a_long_column()
    {
        var keys = new int[100_003];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = i % 97 == 3 ? 1 : i % 1001 == 0 ? -1 : 0;
        foreach (int c in new[] { 0, 1 })
            Assert.Equal(Enumerable.Range(0, keys.Length).Where(i => keys[i] == c).ToArray(), SamplerData.ClassRows(keys, c, keys.Count(v => v == c)));
    }

    [Fact]
    public void Key_range_check_finds_the_first_key_outside_minus_one_to_count()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[-3, 8].Array[0, 100]).Sample((count, keys) =>
        {
            int expected = Array.FindIndex(keys, v => v < -1 || v >= count);
            Assert.Equal(expected, KeyColumn.FirstOutOfRange(keys, count));
            if (expected >= 0)
            {
                var e = Assert.Throws<ArgumentOutOfRangeException>(() => new KeyColumn("L", ColumnType.Key(SamplingTestData.ClassNames(count)), keys));
                Assert.Contains($"row {expected}:", e.Message);
            }
        }, iter: 500);
        Assert.Equal(-1, KeyColumn.FirstOutOfRange([int.MaxValue - 1, -1], int.MaxValue));
        Assert.Equal(0, KeyColumn.FirstOutOfRange([int.MinValue], 3));
    }
}
