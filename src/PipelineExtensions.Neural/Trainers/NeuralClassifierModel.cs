using System.Text.Json.Nodes;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Training;

namespace PipelineExtensions.Neural.Trainers;

/// <summary>
/// A trained neural classifier (what <see cref="MlpTrainer"/> and <see cref="ImageClassifierTrainer"/> fit): reads
/// the features column and adds <c>Score</c> (a vector of K logits), <c>Probability</c> (a vector of K softmax
/// probabilities) and <c>PredictedLabel</c> (a key column with the label's class names). Saves to a model file
/// with its network and its training history.
/// </summary>
[ModelComponent("pipex.neural-classifier")]
public sealed class NeuralClassifierModel : ITransformer
{
    /// <summary>The output column of raw scores (logits), Vector&lt;K&gt;.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>The output column of class probabilities, Vector&lt;K&gt;.</summary>
    public const string ProbabilityColumnName = "Probability";

    /// <summary>The output column of the predicted class, a key with the label's class names.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    private const int Batch = 256;
    private readonly Module _network;
    private readonly Lock _lock = new();

    internal NeuralClassifierModel(string featureColumnName, VectorType featureType, int[] inputShape, KeyType labelType, Module network, TrainingHistory? history)
    {
        if (inputShape.Aggregate(1, (a, b) => a * b) != featureType.Size)
            throw new ArgumentException($"Input shape [{string.Join(", ", inputShape)}] does not hold the {featureType.Size} values of {featureType.DisplayName}.", nameof(inputShape));
        FeatureColumnName = featureColumnName;
        FeatureType = featureType;
        InputShape = inputShape;
        LabelType = labelType;
        _network = network;
        _network.Eval();
        History = history;
    }

    /// <summary>The features column the model reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The type the features had in training (a vector or an image type).</summary>
    public VectorType FeatureType { get; }

    /// <summary>The shape of one row as the network sees it (e.g. [784] for an MLP, [1, 28, 28] for a CNN).</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The label's key type: the class names of <c>PredictedLabel</c>.</summary>
    public KeyType LabelType { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount => LabelType.Count;

    /// <summary>The trained network (in evaluation mode).</summary>
    public Module Network => _network;

    /// <summary>The training history (every epoch's figures and events), when known.</summary>
    public TrainingHistory? History { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RequireFeatures(inputSchema);
        return inputSchema
            .With(new SchemaColumn(ScoreColumnName, ColumnType.Vector(ClassCount)))
            .With(new SchemaColumn(ProbabilityColumnName, ColumnType.Vector(ClassCount)))
            .With(new SchemaColumn(PredictedLabelColumnName, LabelType));
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireFeatures(input.Schema);
        var features = input.GetColumn<VectorColumn>(FeatureColumnName);
        int n = input.RowCount, k = ClassCount, size = FeatureType.Size;
        var scores = new float[(long)n * k > Array.MaxLength ? throw new ArgumentException("Too many rows to score at once.") : n * k];
        var probabilities = new float[n * k];
        var predicted = new int[n];
        int[] shape = [.. InputShape];
        lock (_lock)
        {
            _network.Eval();
            var device = _network.Device;
            using var noGrad = GradMode.NoGrad();
            for (int start = 0; start < n; start += Batch)
            {
                int m = Math.Min(Batch, n - start);
                using var scope = new TensorScope();
                var x = Tensor.FromSpan(features.Data.Slice(start * size, m * size), new TensorShape([m, .. shape]), device);
                var logits = _network.Forward(x);
                logits.CopyTo(scores.AsSpan(start * k, m * k));
                Functional.Softmax(logits).CopyTo(probabilities.AsSpan(start * k, m * k));
            }
        }
        for (int i = 0; i < n; i++)
        {
            var row = probabilities.AsSpan(i * k, k);
            int best = 0;
            for (int c = 1; c < k; c++)
                if (row[c] > row[best])
                    best = c;
            predicted[i] = best;
        }
        return input
            .WithColumn(new VectorColumn(ScoreColumnName, ColumnType.Vector(k), scores))
            .WithColumn(new VectorColumn(ProbabilityColumnName, ColumnType.Vector(k), probabilities))
            .WithColumn(new KeyColumn(PredictedLabelColumnName, LabelType, predicted));
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Set("features", FeatureColumnName);
        context.Set("feature_type", new DataSchema([new SchemaColumn(FeatureColumnName, FeatureType)]));
        context.Set("input_shape", InputShape.Select(d => (double)d));
        context.Set("label_type", new DataSchema([new SchemaColumn("label", LabelType)]));
        context.SaveChildComponent("network", _network, _network.Save);
        if (History is not null)
            context.SetJson("history", History.ToJson());
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    public static NeuralClassifierModel Load(ModelLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string features = context.GetString("features");
        var featureType = context.GetSchema("feature_type")[0].Type as VectorType ?? throw context.Corrupt("a feature type that is not a vector");
        var labelType = context.GetSchema("label_type")[0].Type as KeyType ?? throw context.Corrupt("a label type that is not a key");
        int[] inputShape = context.GetDoubles("input_shape").Select(d => checked((int)d)).ToArray();
        if (inputShape.Length == 0 || inputShape.Any(d => d <= 0) || inputShape.Aggregate(1L, (a, b) => a * b) != featureType.Size)
            throw context.Corrupt($"an input shape [{string.Join(", ", inputShape)}] that does not fit {featureType.DisplayName}");
        var network = Module.LoadChild(context, "network");
        TrainingHistory? history = null;
        if (context.GetJson("history") is JsonNode json)
        {
            try
            {
                history = TrainingHistory.FromJson(json);
            }
            catch (FormatException e)
            {
                throw context.Corrupt($"a malformed training history ({e.Message})");
            }
        }
        return new NeuralClassifierModel(features, featureType, inputShape, labelType, network, history);
    }

    /// <inheritdoc />
    public override string ToString() => $"NeuralClassifierModel({FeatureColumnName}: {FeatureType.DisplayName} → {LabelType.DisplayName})";

    private void RequireFeatures(DataSchema schema)
    {
        int size = FeatureType.Size;
        schema.Require(FeatureColumnName, t => t is VectorType v && v.Size == size && (FeatureType is not ImageType || t.Equals(FeatureType)),
            FeatureType.DisplayName, nameof(NeuralClassifierModel));
    }
}
