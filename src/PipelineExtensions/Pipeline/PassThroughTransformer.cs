using PipelineExtensions.Data;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Pipeline;

/// <summary>
/// What a train-only step becomes in a fitted chain: it returns its input unchanged and remembers which
/// step it stands for.
/// </summary>
[ModelComponent("pipex.pass-through")]
public sealed class PassThroughTransformer : ITransformer
{
    /// <summary>Creates the transformer for the train-only step <paramref name="stepName"/>.</summary>
    public PassThroughTransformer(string stepName) => StepName = stepName;

    /// <summary>The train-only step this stands for.</summary>
    public string StepName { get; }

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema) => inputSchema;

    /// <inheritdoc />
    public DataTable Transform(DataTable input) => input;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.Set("step", StepName);

    /// <summary>Loads the transformer from a model file.</summary>
    public static PassThroughTransformer Load(ModelLoadContext context) => new(context.GetString("step"));

    /// <inheritdoc />
    public override string ToString() => $"{StepName} (train-only, pass-through)";
}
