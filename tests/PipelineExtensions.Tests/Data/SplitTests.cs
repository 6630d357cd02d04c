using CsCheck;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Data.Splits;

namespace PipelineExtensions.Tests.Data;

public class SplitTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    private static DataTable Labels(int[] keys, int classes) => new(
        new KeyColumn("Label", ColumnType.Key(Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray()), keys),
        new ScalarColumn<int>("Row", Enumerable.Range(0, keys.Length).ToArray()));

    private static readonly Gen<(int[] Keys, int Classes)> LabelSets =
        from classes in Gen.Int[1, 5]
        from n in Gen.Int[2, 300]
        from keys in Gen.Int[-1, classes - 1].Array[n]
        select (keys, classes);

    [Fact]
    public void Split_keeps_every_class_ratio_within_one_row_and_partitions_the_rows()
    {
        Gen.Select(LabelSets, Gen.Double[0.05, 0.95], Gen.Int).Sample(t =>
        {
            var ((keys, classes), fraction, seed) = t;
            int target = (int)Math.Round(keys.Length * fraction, MidpointRounding.AwayFromZero);
            if (target == 0 || target == keys.Length)
                return;
            var split = _ctx.Data.StratifiedTrainValidationSplit(Labels(keys, classes), "Label", fraction, seed);
            Assert.Equal(target, split.Validation.RowCount);
            Assert.Equal(Enumerable.Range(0, keys.Length), split.TrainRows.Concat(split.ValidationRows).Order());
            Assert.Equal(split.ValidationRows, split.Validation.GetColumn<ScalarColumn<int>>("Row").ToArray());
            for (int c = -1; c < classes; c++)
            {
                int total = keys.Count(k => k == c);
                int inValidation = split.ValidationRows.Count(r => keys[r] == c);
                Assert.InRange(inValidation, Math.Floor(total * fraction), Math.Ceiling(total * fraction));
            }
        }, iter: 300);
    }

    [Fact]
    public void KFold_puts_every_row_in_one_fold_with_balanced_classes_and_sizes()
    {
        Gen.Select(LabelSets, Gen.Int[2, 7], Gen.Int).Sample(t =>
        {
            var ((keys, classes), k, seed) = t;
            if (k > keys.Length)
                return;
            var folds = _ctx.Data.StratifiedKFold(Labels(keys, classes), k, "Label", seed);
            Assert.Equal(k, folds.Count);
            Assert.Equal(Enumerable.Range(0, keys.Length), folds.SelectMany(f => f.ValidationRows).Order());
            Assert.InRange(folds.Max(f => f.Validation.RowCount) - folds.Min(f => f.Validation.RowCount), 0, 1);
            foreach (var fold in folds)
            {
                Assert.Equal(keys.Length, fold.Train.RowCount + fold.Validation.RowCount);
                Assert.Empty(fold.TrainRows.Intersect(fold.ValidationRows));
                for (int c = -1; c < classes; c++)
                {
                    int total = keys.Count(x => x == c);
                    Assert.InRange(fold.ValidationRows.Count(r => keys[r] == c), total / k, (total + k - 1) / k);
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        var data = SampleData.ImbalancedTabular();
        var a = _ctx.Data.StratifiedTrainValidationSplit(data, "label", 0.25, seed: 7);
        var b = _ctx.Data.StratifiedTrainValidationSplit(data, "label", 0.25, seed: 7);
        var c = _ctx.Data.StratifiedTrainValidationSplit(data, "label", 0.25, seed: 8);
        Assert.Equal(a.ValidationRows, b.ValidationRows);
        Assert.NotEqual(a.ValidationRows, c.ValidationRows);
        // 96 fraud rows · 0.25 = 24 exactly; 326 review rows · 0.25 = 81.5 → 81 or 82.
        var counts = a.Validation.GetColumn<KeyColumn>("label").CountPerClass();
        Assert.Equal(24, counts[2]);
        Assert.InRange(counts[1], 81, 82);
        Assert.Equal(1000, a.Validation.RowCount);
    }

    [Fact]
    public void Text_and_int_labels_stratify_too()
    {
        var text = new DataTable(new TextColumn("y", ["a", "a", "b", "b", "a", "a", null, "b"]));
        var split = _ctx.Data.StratifiedTrainValidationSplit(text, "y", 0.5, seed: 3);
        Assert.Equal(4, split.Validation.RowCount);
        Assert.Equal(2, split.Validation.GetColumn<TextColumn>("y").Values.ToArray().Count(v => v == "a"));
        var ints = new DataTable(new ScalarColumn<int>("y", [0, 0, 1, 1, 2, 2]));
        var folds = _ctx.Data.StratifiedKFold(ints, 2, "y", seed: 3);
        Assert.All(folds, f => Assert.Equal([0, 1, 2], f.Validation.GetColumn<ScalarColumn<int>>("y").ToArray().Order()));
    }

    [Fact]
    public void Bad_label_column_and_bad_parameters_are_clear_errors()
    {
        var data = new DataTable(new ScalarColumn<float>("x", [1, 2, 3]));
        var e = Assert.Throws<SchemaMismatchException>(() => _ctx.Data.StratifiedTrainValidationSplit(data, "x"));
        Assert.Contains("Key, Text, Int32 or Boolean", e.Message);
        Assert.Throws<SchemaMismatchException>(() => _ctx.Data.StratifiedKFold(data, 2, "Label"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ctx.Data.StratifiedTrainValidationSplit(data, "x", 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ctx.Data.StratifiedKFold(data, 1, "x"));
        var tiny = new DataTable(new ScalarColumn<int>("y", [0, 1]));
        Assert.Contains("no validation", Assert.Throws<ArgumentException>(() => _ctx.Data.StratifiedTrainValidationSplit(tiny, "y", 0.1)).Message);
        Assert.Throws<ArgumentException>(() => _ctx.Data.StratifiedKFold(tiny, 3, "y"));
    }
}
