using PipelineExtensions.Data;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Tests.Trainers;

public class MlpTrainerTests
{
    private static MlpTrainerOptions Options(int epochs = 8) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        LearningRate = 0.01,
        HiddenLayers = [16],
        Seed = 3,
        Threads = 1,
    };

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Learns_a_separable_problem_binary_and_multiclass(int classes)
    {
        var ctx = new PipelineContext(seed: 1);
        var train = TrainerData.Blobs(600, classes, 6, separation: 4, seed: 1);
        var test = TrainerData.Blobs(300, classes, 6, separation: 4, seed: 2);
        var trainer = ctx.Trainers.MultilayerPerceptron(Options());
        var model = trainer.Fit(train);
        double accuracy = TrainerData.Accuracy(model.Transform(test));
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        var history = model.History!;
        Assert.Equal(8, history.Epochs.Count);
        Assert.NotNull(history.Epochs[0].Validation);   // a stratified 10 % was held out
        Assert.Equal(60, history.Epochs[0].Validation!.Confusion.Total);
        Assert.True(history.Series(MetricNames.ValidationLoss)[^1] < history.Series(MetricNames.ValidationLoss)[0]);
        Assert.Equal(new[] { "class0", "class1", "class2", "class3" }.Take(classes), history.ClassNames!);
    }

    [Fact]
    public void An_image_column_is_flattened_and_the_saved_model_scores_identically()
    {
        var ctx = new PipelineContext(seed: 1);
        var train = TrainerData.Quadrants(240, seed: 1);
        var test = TrainerData.Quadrants(80, seed: 2);
        var options = Options(6);
        options.FeatureColumnName = "Image";
        var model = ctx.Trainers.MultilayerPerceptron(options).Fit(train);
        double accuracy = TrainerData.Accuracy(model.Transform(test));
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
        string path = Path.Combine(Path.GetTempPath(), $"pipex-mlp-image-{Guid.NewGuid():N}.zip");
        try
        {
            ctx.Model.Save(model, train.Schema, path);
            var loaded = ctx.Model.Load(path, out _);
            Assert.Equal(model.Transform(test).GetColumn<VectorColumn>("Score").Data.ToArray(),
                loaded.Transform(test).GetColumn<VectorColumn>("Score").Data.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Output_columns_are_score_probability_and_predicted_label_with_the_class_names()
    {
        var ctx = new PipelineContext(seed: 1);
        var train = TrainerData.Blobs(200, 3, 4, 4, seed: 1);
        var trainer = ctx.Trainers.MultilayerPerceptron(Options(2));
        var schema = trainer.GetOutputSchema(train.Schema);
        var model = trainer.Fit(train);
        var scored = model.Transform(train);
        Assert.True(scored.Schema.SameAs(schema));
        Assert.Equal(ColumnType.Vector(3), scored.Schema["Score"].Type);
        Assert.Equal(ColumnType.Vector(3), scored.Schema["Probability"].Type);
        Assert.Equal(train.Schema["Label"].Type, scored.Schema["PredictedLabel"].Type);
        var p = scored.GetColumn<VectorColumn>("Probability");
        var s = scored.GetColumn<VectorColumn>("Score");
        var predicted = scored.GetColumn<KeyColumn>("PredictedLabel");
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(1.0, p.Row(i).ToArray().Sum(), 1e-5);
            int argmax = Array.IndexOf(s.Row(i).ToArray(), s.Row(i).ToArray().Max());
            Assert.Equal(argmax, predicted[i]);
        }
    }

    [Fact]
    public void Example_weights_decide_between_contradicting_rows()
    {
        // Every point appears twice, once per class. Weighting class 1's copies 0 leaves only class 0 to learn,
        // and the reverse; unweighted, the classes tie.
        var baseData = TrainerData.Blobs(200, 2, 4, 2, seed: 5);
        var features = baseData.GetColumn<VectorColumn>("Features");
        var doubled = new DataTable(
            new VectorColumn("Features", features.VectorType, [.. features.Data, .. features.Data]),
            new KeyColumn("Label", (KeyType)baseData.Schema["Label"].Type, [.. Enumerable.Repeat(0, 200), .. Enumerable.Repeat(1, 200)]),
            new ScalarColumn<float>("Weight", [.. Enumerable.Repeat(1f, 200), .. Enumerable.Repeat(0f, 200)]));
        var mirrored = doubled.WithColumn(new ScalarColumn<float>("Weight", [.. Enumerable.Repeat(0f, 200), .. Enumerable.Repeat(1f, 200)]));

        int Predicted(DataTable data, string? weights, int cls)
        {
            var o = Options(4);
            o.ExampleWeightColumnName = weights;
            o.ValidationFraction = 0;
            var model = new PipelineContext(1).Trainers.MultilayerPerceptron(o).Fit(data);
            var keys = model.Transform(baseData).GetColumn<KeyColumn>("PredictedLabel").Keys.ToArray();
            return keys.Count(k => k == cls);
        }

        Assert.Equal(200, Predicted(doubled, "Weight", 0));
        Assert.Equal(200, Predicted(mirrored, "Weight", 1));
        int unweighted = Predicted(doubled, null, 0);
        Assert.InRange(unweighted, 1, 199);
    }

    [Fact]
    public void Class_weights_shift_predictions_towards_the_weighted_class()
    {
        // Overlapping classes: a heavier class 1 in the loss claims more of the overlap.
        var train = TrainerData.Blobs(600, 2, 2, separation: 1, seed: 7);
        int Ones(IReadOnlyList<float>? classWeights)
        {
            var o = Options(6);
            o.ClassWeights = classWeights;
            var model = new PipelineContext(1).Trainers.MultilayerPerceptron(o).Fit(train);
            return model.Transform(train).GetColumn<KeyColumn>("PredictedLabel").Keys.ToArray().Count(k => k == 1);
        }
        int plain = Ones(null), heavy = Ones([1f, 5f]);
        Assert.True(heavy > plain + 50, $"class 1 predicted {plain} times unweighted, {heavy} times with weight 5");
    }

    [Fact]
    public void Save_and_load_give_bit_identical_predictions_and_keep_the_history()
    {
        var ctx = new PipelineContext(seed: 1);
        var train = TrainerData.Blobs(300, 3, 5, 3, seed: 1);
        var model = ctx.Trainers.MultilayerPerceptron(Options(3)).Fit(train);
        string path = Path.Combine(Path.GetTempPath(), $"pipex-mlp-{Guid.NewGuid():N}.zip");
        try
        {
            ctx.Model.Save(model, train.Schema, path);
            var loaded = (NeuralClassifierModel)ctx.Model.Load(path, out var schema);
            Assert.True(schema.SameAs(train.Schema));
            var a = model.Transform(train);
            var b = loaded.Transform(train);
            Assert.Equal(a.GetColumn<VectorColumn>("Score").Data.ToArray(), b.GetColumn<VectorColumn>("Score").Data.ToArray());
            Assert.Equal(a.GetColumn<KeyColumn>("PredictedLabel").Keys.ToArray(), b.GetColumn<KeyColumn>("PredictedLabel").Keys.ToArray());
            Assert.Equal(model.History!.Series(MetricNames.ValidationLoss), loaded.History!.Series(MetricNames.ValidationLoss));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_image_column_is_flattened_for_the_perceptron_and_survives_save_and_load()
    {
        var ctx = new PipelineContext(seed: 1);
        var images = TrainerData.Quadrants(200, seed: 4);
        var o = Options(4);
        o.FeatureColumnName = "Image";
        var model = ctx.Trainers.MultilayerPerceptron(o).Fit(images);
        Assert.Equal([64], model.InputShape);
        Assert.True(TrainerData.Accuracy(model.Transform(images)) > 0.9);
        string path = Path.Combine(Path.GetTempPath(), $"pipex-mlp-image-{Guid.NewGuid():N}.zip");
        try
        {
            ctx.Model.Save(model, images.Schema, path);
            var loaded = (NeuralClassifierModel)ctx.Model.Load(path, out _);
            Assert.Equal([64], loaded.InputShape);
            Assert.Equal(model.Transform(images).GetColumn<VectorColumn>("Score").Data.ToArray(), loaded.Transform(images).GetColumn<VectorColumn>("Score").Data.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Same_seed_same_model_on_one_or_two_threads()
    {
        var train = TrainerData.Blobs(300, 3, 5, 3, seed: 1);
        float[] Scores(int threads)
        {
            var o = Options(3);
            o.Threads = threads;
            var model = new PipelineContext(1).Trainers.MultilayerPerceptron(o).Fit(train);
            return model.Transform(train).GetColumn<VectorColumn>("Score").Data.ToArray();
        }
        Assert.Equal(Scores(1), Scores(1));
        Assert.Equal(Scores(1), Scores(2));
    }

    [Fact]
    public void Schema_errors_name_the_column_before_training()
    {
        var ctx = new PipelineContext(seed: 1);
        var train = TrainerData.Blobs(50, 2, 3, 3, seed: 1);
        var e = Assert.Throws<SchemaMismatchException>(() => ctx.Trainers.MultilayerPerceptron(new MlpTrainerOptions { FeatureColumnName = "Pixels" }).Fit(train));
        Assert.Equal("Pixels", e.Column);
        var textLabel = train.WithColumn(new TextColumn("Label", Enumerable.Repeat<string?>("a", 50).ToArray()));
        e = Assert.Throws<SchemaMismatchException>(() => ctx.Trainers.MultilayerPerceptron().Fit(textLabel));
        Assert.Equal("Label", e.Column);
        Assert.Equal("Key", e.Expected);
        var doubleWeights = train.WithColumn(new ScalarColumn<double>("w", new double[50]));
        e = Assert.Throws<SchemaMismatchException>(() => ctx.Trainers.MultilayerPerceptron(exampleWeightColumnName: "w").Fit(doubleWeights));
        Assert.Equal("w", e.Column);
        Assert.Equal("Single", e.Expected);
        var otherClasses = TrainerData.Blobs(50, 3, 3, 3, seed: 2);
        e = Assert.Throws<SchemaMismatchException>(() => ctx.Trainers.MultilayerPerceptron(Options(1)).Fit(train, otherClasses));
        Assert.Contains("validation", e.Message);
    }

    [Fact]
    public void Bad_values_are_reported_with_their_row()
    {
        var ctx = new PipelineContext(seed: 1);
        var weights = Enumerable.Repeat(1f, 50).ToArray();
        weights[7] = -1;
        var data = TrainerData.Blobs(50, 2, 3, 3, seed: 1, weights);
        var o = Options(1);
        o.ExampleWeightColumnName = "Weight";
        o.ValidationFraction = 0;
        var e = Assert.Throws<ArgumentException>(() => ctx.Trainers.MultilayerPerceptron(o).Fit(data));
        Assert.Contains("row 7", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ctx.Trainers.MultilayerPerceptron(new MlpTrainerOptions { BatchSize = 0 }));
        var bad = new MlpTrainerOptions { ClassWeights = [1f, 2f, 3f], Epochs = 1 };
        Assert.Contains("3 entries", Assert.Throws<ArgumentException>(() => ctx.Trainers.MultilayerPerceptron(bad).Fit(data)).Message);
    }

    [Fact]
    public void Plateau_policies_run_inside_the_trainer()
    {
        var ctx = new PipelineContext(seed: 1);
        var train = TrainerData.Blobs(400, 3, 4, 3, seed: 1);
        var o = Options(40);
        o.Callbacks = [new ReduceLROnPlateau { Factor = 0.5, Patience = 1, MinDelta = 0.01 }, new EarlyStopping { Patience = 3, MinDelta = 0.005, RestoreBestWeights = true }];
        var trainer = ctx.Trainers.MultilayerPerceptron(o);
        var model = trainer.Fit(train);
        var history = model.History!;
        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.True(history.Epochs.Count < 40);
        Assert.NotEmpty(history.EventsOf(TrainingEventKind.LearningRateChanged));
        Assert.NotNull(history.RestoredEpoch);
        // The restored model scores the validation loss of its best epoch.
        Assert.Same(history, trainer.LastHistory);
    }

    [Fact]
    public void Monitoring_validation_without_a_validation_set_is_refused()
    {
        var o = Options(2);
        o.ValidationFraction = 0;
        o.Callbacks = [new EarlyStopping()];
        var e = Assert.Throws<InvalidOperationException>(() => new PipelineContext(1).Trainers.MultilayerPerceptron(o).Fit(TrainerData.Blobs(50, 2, 3, 3, 1)));
        Assert.Contains("no validation set", e.Message);
    }
}
