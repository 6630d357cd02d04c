using PipelineExtensions.Data;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Neural.Tests.Parameters;

/// <summary>A minimal fitted transformer that owns a network, the way a trainer's model does.</summary>
[ModelComponent("pipex.tests.network-holder")]
internal sealed class NetworkHolder(Module network) : ITransformer
{
    public Module Network { get; } = network;

    public DataSchema GetOutputSchema(DataSchema inputSchema) => inputSchema;

    public DataTable Transform(DataTable input) => input;

    public void Save(ModelSaveContext context) => context.SaveChildComponent("network", Network, Network.Save);

    public static NetworkHolder Load(ModelLoadContext context) => new(Module.LoadChild(context, "network"));
}
