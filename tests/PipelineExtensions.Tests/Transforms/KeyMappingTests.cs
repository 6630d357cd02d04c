using PipelineExtensions.Data;
using PipelineExtensions.Transforms.KeyMapping;

namespace PipelineExtensions.Tests.Transforms;

public class KeyMappingTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    [Fact]
    public void Value_to_key_learns_sorted_classes_and_maps_unseen_values_to_missing()
    {
        var train = new DataTable(new TextColumn("label", ["dog", "cat", null, "dog", "bird"]));
        var model = _ctx.Transforms.MapValueToKey("Label", "label").Fit(train);
        Assert.Equal(["bird", "cat", "dog"], model.KeyType.ClassNames);
        Assert.Equal([2, 1, -1, 2, 0], model.Transform(train).GetColumn<KeyColumn>("Label").Keys.ToArray());
        var test = new DataTable(new TextColumn("label", ["cow", "cat"]));
        Assert.Equal([-1, 1], model.Transform(test).GetColumn<KeyColumn>("Label").Keys.ToArray());
    }

    [Fact]
    public void Occurrence_order_fixed_classes_and_integer_labels()
    {
        var train = new DataTable(new TextColumn("y", ["b", "a", "b"]), new ScalarColumn<int>("n", [10, 2, 10]));
        var byOccurrence = _ctx.Transforms.MapValueToKey(new ValueToKeyOptions { OutputColumnName = "k", InputColumnName = "y", Ordinality = KeyOrdinality.ByOccurrence }).Fit(train);
        Assert.Equal(["b", "a"], byOccurrence.KeyType.ClassNames);
        var fixedNames = _ctx.Transforms.MapValueToKey(new ValueToKeyOptions { OutputColumnName = "k", InputColumnName = "y", ClassNames = ["a", "c"] }).Fit(train);
        Assert.Equal([-1, 0, -1], fixedNames.Transform(train).GetColumn<KeyColumn>("k").Keys.ToArray());
        var numeric = _ctx.Transforms.MapValueToKey("n").Fit(train);
        Assert.Equal(["2", "10"], numeric.KeyType.ClassNames);
    }

    [Fact]
    public void Key_to_value_restores_the_class_names()
    {
        var keys = new DataTable(new KeyColumn("Label", ColumnType.Key(["no", "yes"]), [1, -1, 0]));
        var text = _ctx.Transforms.MapKeyToValue("Label").Fit(keys).Transform(keys).GetColumn<TextColumn>("Label");
        Assert.Equal("yes", text[0]);
        Assert.Null(text[1]);
        Assert.Equal("no", text[2]);
        var e = Assert.Throws<SchemaMismatchException>(() => _ctx.Transforms.MapKeyToValue("x", "Label").Fit(new DataTable(new TextColumn("Label", ["a"]))));
        Assert.Equal("Key", e.Expected);
    }
}
