using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.AutoML.Tuners;
using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.AutoML.Tests.Experiments;

public class PipelineSweepTests
{
    public sealed class ThresholdOptions
    {
        public float Threshold { get; set; } = 0.5f;

        public int Epochs { get; set; } = 3;
    }

    /// <summary>A stand-in trainer: predicts 1 when x &gt; threshold; "trains" for some epochs, reporting validation accuracy.</summary>
    private sealed class ThresholdEstimator(ThresholdOptions options, IProgress<(int Epoch, double Accuracy)>? progress, CancellationToken token)
        : IValidatingEstimator<ThresholdModel>
    {
        public DataSchema GetOutputSchema(DataSchema input)
        {
            input.Require("x", t => t == ColumnType.Single, "Single", nameof(ThresholdEstimator));
            return input.With(new SchemaColumn("predicted", ColumnType.Int32));
        }

        public ThresholdModel Fit(DataTable input) => Fit(input, null);

        public ThresholdModel Fit(DataTable train, DataTable? validation)
        {
            var model = new ThresholdModel(options.Threshold);
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                token.ThrowIfCancellationRequested();
                progress?.Report((epoch, validation is null ? 0 : Accuracy(model, validation)));
            }
            return model;
        }
    }

    [ModelComponent("pipex.test.threshold")]
    private sealed class ThresholdModel(float threshold) : ITransformer
    {
        public float Threshold => threshold;

        public DataSchema GetOutputSchema(DataSchema input) => input.With(new SchemaColumn("predicted", ColumnType.Int32));

        public DataTable Transform(DataTable input)
        {
            var x = input.GetColumn<ScalarColumn<float>>("x").Values;
            var predicted = new int[x.Length];
            for (int i = 0; i < x.Length; i++)
                predicted[i] = x[i] > threshold ? 1 : 0;
            return input.WithColumn(new ScalarColumn<int>("predicted", predicted));
        }

        public void Save(ModelSaveContext context) => context.Set("threshold", threshold);

        public static ThresholdModel Load(ModelLoadContext context) => new((float)context.GetDouble("threshold"));
    }

    private static DataTable Data(int n, int seed)
    {
        var random = new Randomness.SeededRandom(seed);
        var x = new float[n];
        var label = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextSingle();
            label[i] = x[i] > 0.3f ? 1 : 0;
        }
        return new DataTable(new ScalarColumn<float>("x", x), new KeyColumn("label", ColumnType.Key(["no", "yes"]), label));
    }

    private static double Accuracy(ITransformer model, DataTable data)
    {
        var scored = model.Transform(data);
        var predicted = scored.GetColumn<ScalarColumn<int>>("predicted").Values;
        var label = scored.GetColumn<KeyColumn>("label").Keys;
        int right = 0;
        for (int i = 0; i < label.Length; i++)
            right += predicted[i] == label[i] ? 1 : 0;
        return (double)right / label.Length;
    }

    [Fact]
    public void Sweeps_an_option_of_a_pipeline_refits_the_best_and_exports_one_model_file()
    {
        var train = Data(400, 1);
        var validation = Data(200, 2);
        var space = new SearchSpace().AddFloat("model.Threshold", 0, 1).AddInt("model.Epochs", 1, 4);
        var ctx = new PipelineContext(seed: 3);
        var sweep = ctx.AutoML.CreatePipelineSweep(space,
            (p, trial) =>
            {
                var options = OptionsBinder.Bind(p, new ThresholdOptions(), "model.");
                var estimator = new ThresholdEstimator(options, trial?.CreateProgress<(int Epoch, double Accuracy)>(r => r.Epoch, r => r.Accuracy), trial?.CancellationToken ?? default);
                return new EstimatorChain<ITransformer>().Append(estimator);
            },
            (model, valid) => new TrialOutcome(new Dictionary<string, double> { ["accuracy"] = Accuracy(model, valid) }),
            train, validation,
            new ExperimentOptions { MaxTrials = 30, Direction = OptimizationDirection.Maximize, Metric = "accuracy", Tuner = new RandomTuner(4) });

        var result = sweep.Run();
        // Each epoch reported its validation accuracy (the chain handed the validation table to the trainer).
        Assert.All(result.Trials, t => Assert.Equal(t.Parameters!.GetInt32("model.Epochs"), t.IntermediateValues.Count));
        Assert.All(result.Trials, t => Assert.All(t.IntermediateValues.Values, v => Assert.Equal(t.Value!.Value, v)));
        var best = result.BestTrial!;
        Assert.InRange(best.Parameters!.GetDouble("model.Threshold"), 0.22, 0.38);
        Assert.True(best.Value > 0.95);

        string path = Path.Combine(Path.GetTempPath(), $"pipex-sweep-{Guid.NewGuid():N}.pipex");
        try
        {
            var exported = sweep.ExportBest(path);
            var loaded = ModelFile.Load(path, out var schema);
            Assert.True(schema.SameAs(train.Schema));
            Assert.Equal(Accuracy(exported, validation), Accuracy(loaded, validation));
            Assert.Equal(best.Value, Accuracy(loaded, validation));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_validation_table_with_another_schema_is_refused_with_both_schemas()
    {
        var train = Data(10, 1);
        var other = new DataTable(new ScalarColumn<float>("x", [1f]));
        var e = Assert.Throws<SchemaMismatchException>(() => new PipelineSweep(new SearchSpace().AddFloat("t", 0, 1),
            (_, _) => new ThresholdEstimator(new ThresholdOptions(), null, default), (_, _) => 0.0, train, other));
        Assert.Contains("label", e.Message);
    }
}
