using System.Collections;
using PipelineExtensions.Data;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Pipeline;

/// <summary>
/// A fitted chain: applies its transformers in order. Pass-through steps (the fitted form of train-only
/// steps) leave data untouched at prediction time.
/// </summary>
/// <typeparam name="TLastTransformer">The type of the last transformer (e.g. the fitted model).</typeparam>
[ModelComponent("pipex.transformer-chain")]
public sealed class TransformerChain<TLastTransformer> : ITransformer, IEnumerable<ITransformer>
    where TLastTransformer : class, ITransformer
{
    private readonly ITransformer[] _transformers;

    /// <summary>Creates a chain of the given transformers; the last must be a <typeparamref name="TLastTransformer"/>.</summary>
    public TransformerChain(params ITransformer[] transformers)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        if (transformers.Length == 0)
            throw new ArgumentException("A transformer chain needs at least one transformer.", nameof(transformers));
        if (transformers[^1] is not TLastTransformer)
            throw new ArgumentException($"The last transformer is a {transformers[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}.", nameof(transformers));
        _transformers = transformers;
    }

    /// <summary>The last transformer, typically the fitted model.</summary>
    public TLastTransformer LastTransformer => (TLastTransformer)_transformers[^1];

    /// <summary>The transformers in order.</summary>
    public IReadOnlyList<ITransformer> Transformers => _transformers;

    /// <inheritdoc />
    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        var schema = inputSchema;
        foreach (var t in _transformers)
            schema = t.GetOutputSchema(schema);
        return schema;
    }

    /// <inheritdoc />
    public DataTable Transform(DataTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var data = input;
        foreach (var t in _transformers)
            data = t.Transform(data);
        return data;
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        context.Set("count", _transformers.Length);
        for (int i = 0; i < _transformers.Length; i++)
            context.SaveChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _transformers[i]);
    }

    /// <summary>Loads a chain saved by <see cref="Save"/>.</summary>
    public static TransformerChain<ITransformer> Load(ModelLoadContext context)
    {
        int count = context.GetInt32("count");
        if (count <= 0)
            throw context.Corrupt($"a transformer chain with {count} steps");
        var transformers = new ITransformer[count];
        for (int i = 0; i < count; i++)
            transformers[i] = context.LoadChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new TransformerChain<ITransformer>(transformers);
    }

    /// <inheritdoc />
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_transformers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
