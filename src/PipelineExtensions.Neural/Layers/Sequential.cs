using System.Collections;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>
/// Layers applied one after the other. With <see cref="NumericCheck"/> enabled, the input and every layer's output
/// are checked and the first NaN/∞ is reported with the layer that produced it.
/// </summary>
[ModelComponent("pipex.nn.sequential")]
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> _layers = [];

    /// <summary>Creates the network from its layers.</summary>
    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
            Add(layer);
    }

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    public Module this[int index] => _layers[index];

    /// <summary>Appends a layer (its parameters are named "&lt;index&gt;.&lt;name&gt;").</summary>
    public Sequential Add(Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        AddModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        NumericCheck.IfEnabled(input, "input of the network");
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            x = _layers[i].Forward(x);
            NumericCheck.IfEnabled(x, $"output of layer {i} ({_layers[i]})");
        }
        return x;
    }

    /// <inheritdoc/>
    public override TensorShape OutputShape(TensorShape input)
    {
        foreach (var layer in _layers)
            input = layer.OutputShape(input);
        return input;
    }

    /// <inheritdoc/>
    public override void Save(ModelSaveContext context)
    {
        context.Set("count", _layers.Count);
        for (int i = 0; i < _layers.Count; i++)
            context.SaveChildComponent(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i], _layers[i].Save);
    }

    /// <summary>Loads a network written by <see cref="Save"/>.</summary>
    public static Sequential Load(ModelLoadContext context)
    {
        int count = context.GetInt32("count");
        var net = new Sequential();
        for (int i = 0; i < count; i++)
            net.Add(LoadChild(context, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return net;
    }

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"Sequential({_layers.Count} layers)";

    /// <summary>One line per layer with its output shape for <paramref name="input"/>.</summary>
    public string Summary(TensorShape input)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"input {input}");
        foreach (var layer in _layers)
        {
            input = layer.OutputShape(input);
            long count = layer.ParameterCount;
            sb.AppendLine($"{layer,-48} → {input}{(count > 0 ? $"  ({count:N0} parameters)" : "")}");
        }
        sb.Append($"total {ParameterCount:N0} parameters");
        return sb.ToString();
    }
}
