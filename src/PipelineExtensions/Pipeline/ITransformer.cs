using PipelineExtensions.Data;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Pipeline;

/// <summary>
/// A fitted pipeline step: maps a table to a table. Produced by <see cref="IEstimator{TTransformer}.Fit"/>.
/// Every transformer can be saved into a model file (see <see cref="ModelFile"/>).
/// </summary>
public interface ITransformer
{
    /// <summary>
    /// The schema that <see cref="Transform"/> would produce from <paramref name="inputSchema"/>, or a
    /// <see cref="SchemaMismatchException"/> naming the column, the expected and the actual type.
    /// </summary>
    DataSchema GetOutputSchema(DataSchema inputSchema);

    /// <summary>Applies the transformation to <paramref name="input"/>.</summary>
    DataTable Transform(DataTable input);

    /// <summary>Writes this transformer's parameters; the class must carry a <see cref="ModelComponentAttribute"/>.</summary>
    void Save(ModelSaveContext context);
}
