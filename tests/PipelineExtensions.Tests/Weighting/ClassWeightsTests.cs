using System.Globalization;
using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Tests.Sampling;
using PipelineExtensions.Weighting;

namespace PipelineExtensions.Tests.Weighting;

/// <summary>
/// Class weights against scikit-learn 1.2.1 (Weighting/Parity/class_weights.json). Per-class and per-example weights
/// are compared in float64 bit for bit (the hex values); the Single weight column equals those values rounded to float32.
/// </summary>
public class ClassWeightsTests
{
    private static readonly JsonNode Parity = SamplingTestData.Parity("Weighting/Parity/class_weights.json");


    // Python float.hex(): [-]0x1.<13 hex digits>p<exp>, or 0x0.0p+0.
    private static double FromHex(string hex)
    {
        bool negative = hex.StartsWith('-');
        hex = hex.TrimStart('-')[2..];
        int p = hex.IndexOf('p');
        var mantissa = hex[..p].Split('.');
        int exponent = int.Parse(hex[(p + 1)..], CultureInfo.InvariantCulture);
        double value = long.Parse(mantissa[0], NumberStyles.HexNumber);
        string fraction = mantissa.Length > 1 ? mantissa[1] : "";
        for (int i = 0; i < fraction.Length; i++)
            value += Convert.ToInt32(fraction[i].ToString(), 16) * Math.Pow(16, -(i + 1));
        return (negative ? -1 : 1) * Math.ScaleB(value, exponent);
    }

    // Labels become keys in sorted order of the distinct values (np.unique order), named by the value.
    private static KeyColumn Labels(JsonArray y, out long[] classes)
    {
        var values = y.Select(v => v!.GetValue<long>()).ToArray();
        classes = values.Distinct().Order().ToArray();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        return new KeyColumn("Label", ColumnType.Key(classes.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray()), values.Select(v => index[v]).ToArray());
    }

    [Theory]
    [InlineData("small")]
    [InlineData("skewed10")]
    [InlineData("noncontiguous")]
    public void Balanced_class_and_sample_weights_equal_scikit_learn_bit_for_bit(string name)
    {
        var c = Parity[name]!;
        var labels = Labels(c["y"]!.AsArray(), out _);
        var expectedClass = c["compute_class_weight_balanced_hex"]!.AsArray().Select(v => FromHex(v!.GetValue<string>())).ToArray();
        Assert.Equal(expectedClass, ClassWeights.Balanced(labels));
        var expectedSample = c["compute_sample_weight_balanced_hex"]!.AsArray().Select(v => FromHex(v!.GetValue<string>())).ToArray();
        Assert.Equal(expectedSample, ClassWeights.SampleWeights(labels, new ClassWeightOptions()));
        // The decimal values in the file agree with the hex ones (guards the hex reader).
        Assert.Equal(c["compute_class_weight_balanced"]!.AsArray().Select(v => v!.GetValue<double>()), expectedClass);

        var table = new DataTable(labels);
        var column = new PipelineContext(1).Transforms.AddClassWeights().Fit(table).Transform(table).GetColumn<ScalarColumn<float>>("Weight");
        Assert.Equal(expectedSample.Select(w => (float)w), column.Values.ToArray());
        Assert.Equal(c["sum_sample_weight"]!.GetValue<double>(), expectedSample.Sum(), 9);
    }

    [Fact]
    public void Subsample_weights_equal_scikit_learn_with_indices()
    {
        foreach (var c in Parity["sample_weight_with_indices"]!.AsArray())
        {
            var labels = Labels(c!["y"]!.AsArray(), out _);
            var indices = c["indices"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
            var expected = c["result_hex"]!.AsArray().Select(v => FromHex(v!.GetValue<string>())).ToArray();
            Assert.Equal(expected, ClassWeights.SampleWeights(labels, indices));
        }
    }

    private static KeyColumn FromCounts(params int[] counts) =>
        new("Label", ColumnType.Key(SamplingTestData.ClassNames(counts.Length)), counts.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray());

    [Fact]
    public void Other_schemes_follow_their_published_formulas()
    {
        var labels = FromCounts(900, 90, 10);
        var raw = new ClassWeightOptions { Normalization = ClassWeightNormalization.None };

        raw.Scheme = ClassWeightScheme.InverseSquareRoot;
        Assert.Equal(new[] { 1 / Math.Sqrt(900), 1 / Math.Sqrt(90), 1 / Math.Sqrt(10) }, ClassWeights.Compute(labels, raw));

        raw.Scheme = ClassWeightScheme.EffectiveNumber;
        raw.Beta = 0.99;
        Assert.Equal(new[] { (1 - 0.99) / (1 - Math.Pow(0.99, 900)), (1 - 0.99) / (1 - Math.Pow(0.99, 90)), (1 - 0.99) / (1 - Math.Pow(0.99, 10)) }, ClassWeights.Compute(labels, raw));

        // Cui et al. normalise the effective-number weights to sum to K (the default for that scheme).
        var cui = ClassWeights.Compute(labels, new ClassWeightOptions { Scheme = ClassWeightScheme.EffectiveNumber, Beta = 0.99 });
        Assert.Equal(3.0, cui.Sum(), 12);
        Assert.Equal(cui[2] / cui[0], (1 - Math.Pow(0.99, 900)) / (1 - Math.Pow(0.99, 10)), 10);

        // β = 0: every class weighs the same.
        var flat = ClassWeights.Compute(labels, new ClassWeightOptions { Scheme = ClassWeightScheme.EffectiveNumber, Beta = 0 });
        Assert.All(flat, w => Assert.Equal(1.0, w, 12));

        var custom = ClassWeights.Compute(labels, new ClassWeightOptions { Scheme = ClassWeightScheme.Custom, CustomWeights = new Dictionary<string, double> { ["c2"] = 5 } });
        Assert.Equal(new[] { 1.0, 1.0, 5.0 }, custom);
    }

    [Theory]
    [InlineData(ClassWeightNormalization.SampleMeanOne)]
    [InlineData(ClassWeightNormalization.SumToClassCount)]
    [InlineData(ClassWeightNormalization.SumToOne)]
    [InlineData(ClassWeightNormalization.MaxOne)]
    public void Normalisations_hold_their_invariant(ClassWeightNormalization normalization)
    {
        var counts = new[] { 500, 37, 3, 0 };
        var labels = FromCounts(counts);
        foreach (var scheme in new[] { ClassWeightScheme.Balanced, ClassWeightScheme.InverseSquareRoot, ClassWeightScheme.EffectiveNumber })
        {
            var w = ClassWeights.Compute(labels, new ClassWeightOptions { Scheme = scheme, Normalization = normalization });
            Assert.Equal(0.0, w[3]);
            double value = normalization switch
            {
                ClassWeightNormalization.SampleMeanOne => Enumerable.Range(0, 4).Sum(c => counts[c] * w[c]) / counts.Sum(),
                ClassWeightNormalization.SumToClassCount => w.Sum() / 3,
                ClassWeightNormalization.SumToOne => w.Sum(),
                _ => w.Max(),
            };
            Assert.Equal(1.0, value, 12);
            Assert.True(w[0] < w[1] && w[1] < w[2], "rarer classes weigh more");
        }
    }

    [Fact]
    public void Transformer_multiplies_input_weights_zeroes_missing_labels_and_round_trips_through_a_model_file()
    {
        var keys = new[] { 0, 0, 0, 1, -1 };
        var table = new DataTable(
            new KeyColumn("Label", ColumnType.Key(["a", "b"]), keys),
            new ScalarColumn<float>("W0", [1f, 2f, 1f, 0.5f, 3f]));
        var model = new PipelineContext(1).Transforms.AddClassWeights(new ClassWeightOptions { InputWeightColumnName = "W0" }).Fit(table);
        // Balanced on 4 labelled rows: a = 4 / (2·3), b = 4 / (2·1).
        var expected = new[] { 4 / 6.0, 2 * 4 / 6.0, 4 / 6.0, 0.5 * 2, 0 }.Select(v => (float)v).ToArray();
        Assert.Equal(expected, model.Transform(table).GetColumn<ScalarColumn<float>>("Weight").Values.ToArray());

        using var stream = new MemoryStream();
        ModelFile.Save(model, table.Schema, stream);
        stream.Position = 0;
        var loaded = ModelFile.Load(stream, out _);
        Assert.Equal(expected, loaded.Transform(table).GetColumn<ScalarColumn<float>>("Weight").Values.ToArray());

        var other = new DataTable(new KeyColumn("Label", ColumnType.Key(["a", "c"]), [0]), new ScalarColumn<float>("W0", [1f]));
        var e = Assert.Throws<SchemaMismatchException>(() => loaded.Transform(other));
        Assert.Equal("Label", e.Column);
    }

    [Fact]
    public void Bad_options_and_labels_are_refused_with_clear_messages()
    {
        Assert.Contains("Beta", Assert.Throws<ArgumentOutOfRangeException>(() => new ClassWeightOptions { Beta = 1 }.Validate()).Message);
        Assert.Contains("CustomWeights", Assert.Throws<ArgumentException>(() => new ClassWeightOptions { Scheme = ClassWeightScheme.Custom }.Validate()).Message);
        var e = Assert.Throws<ArgumentException>(() => ClassWeights.Compute(FromCounts(3, 4),
            new ClassWeightOptions { Scheme = ClassWeightScheme.Custom, CustomWeights = new Dictionary<string, double> { ["zebra"] = 2 } }));
        Assert.Contains("'zebra'", e.Message);
        var table = new DataTable(new ScalarColumn<float>("Label", [1f]));
        Assert.Throws<SchemaMismatchException>(() => new PipelineContext(1).Transforms.AddClassWeights().GetOutputSchema(table.Schema));
    }
}
