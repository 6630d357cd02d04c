using PipelineExtensions.Data;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions;

/// <summary>Saving and loading fitted models (<c>ctx.Model</c>), as in ML.NET's <c>mlContext.Model</c>.</summary>
public sealed class ModelCatalog : CatalogBase
{
    internal ModelCatalog(PipelineContext context) : base(context)
    {
    }

    /// <summary>Saves <paramref name="model"/> with the schema it expects to one file (atomic write).</summary>
    public void Save(ITransformer model, DataSchema inputSchema, string path) => ModelFile.Save(model, inputSchema, path);

    /// <summary>Loads a model file; <paramref name="inputSchema"/> receives the schema the model expects.</summary>
    public ITransformer Load(string path, out DataSchema inputSchema) => ModelFile.Load(path, out inputSchema);
}
