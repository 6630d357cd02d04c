using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Parameters;

/// <summary>
/// A copy of a network's parameters and buffers (running statistics) — what early stopping keeps as "the best
/// weights". Capturing copies device memory to device memory (no host round trip); <see cref="CaptureFrom"/>
/// reuses the snapshot's memory, so keeping the best epoch costs no allocation after the first.
/// </summary>
/// <example>
/// <code>
/// var best = ParameterSnapshot.Capture(network);
/// ... // train an epoch; when validation improves:
/// best.CaptureFrom(network);
/// ... // at the end:
/// best.RestoreTo(network);
/// </code>
/// </example>
[ModelComponent("pipex.nn.parameters")]
public sealed class ParameterSnapshot
{
    private readonly List<(string Name, Tensor Copy)> _entries;

    private ParameterSnapshot(List<(string, Tensor)> entries) => _entries = entries;

    /// <summary>Names of the captured tensors ("0.weight", "1.running_mean", ...).</summary>
    public IEnumerable<string> Names => _entries.Select(e => e.Name);

    /// <summary>Copies the parameters and buffers of <paramref name="module"/>.</summary>
    public static ParameterSnapshot Capture(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var entries = new List<(string, Tensor)>();
        foreach (var (name, source) in Sources(module))
        {
            var copy = Tensor.CreatePersistent(source.Shape, source.Device);
            copy.CopyFrom(source);
            entries.Add((name, copy));
        }
        return new ParameterSnapshot(entries);
    }

    /// <summary>Overwrites this snapshot with the current values of <paramref name="module"/> (same architecture).</summary>
    /// <exception cref="ArgumentException">The module's parameters differ in names or shapes; the message names the first difference.</exception>
    public void CaptureFrom(Module module)
    {
        foreach (var (copy, source) in Pair(module))
            copy.CopyFrom(source);
    }

    /// <summary>Writes the captured values back into <paramref name="module"/> (same architecture).</summary>
    /// <exception cref="ArgumentException">The module's parameters differ in names or shapes.</exception>
    public void RestoreTo(Module module)
    {
        foreach (var (copy, target) in Pair(module))
            target.CopyFrom(copy);
    }

    private static IEnumerable<(string Name, Tensor Tensor)> Sources(Module module) =>
        module.NamedParameters().Select(p => (p.Name, p.Parameter.Value)).Concat(module.NamedBuffers());

    private List<(Tensor Copy, Tensor Live)> Pair(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var live = Sources(module).ToList();
        if (live.Count != _entries.Count)
            throw new ArgumentException($"The snapshot holds {_entries.Count} tensors but the module has {live.Count}; it is another architecture.", nameof(module));
        var pairs = new List<(Tensor, Tensor)>(live.Count);
        for (int i = 0; i < live.Count; i++)
        {
            var (name, copy) = _entries[i];
            if (live[i].Name != name || live[i].Tensor.Shape != copy.Shape)
                throw new ArgumentException($"Snapshot tensor '{name}' {copy.Shape} does not match the module's '{live[i].Name}' {live[i].Tensor.Shape}.", nameof(module));
            pairs.Add((copy, live[i].Tensor));
        }
        return pairs;
    }

    /// <summary>Writes the values (use <c>context.SaveChildComponent(name, snapshot, snapshot.Save)</c>).</summary>
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Set("names", _entries.Select(e => e.Name));
        context.Set("shapes", _entries.Select(e => string.Join(",", e.Copy.Shape)));
        foreach (var (name, copy) in _entries)
            context.WriteArray(name, copy.ToArray());
    }

    /// <summary>Reads a snapshot written by <see cref="Save"/> (restore it into a network of the same architecture).</summary>
    public static ParameterSnapshot Load(ModelLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var names = context.GetStrings("names");
        var shapes = context.GetStrings("shapes");
        if (shapes.Length != names.Length)
            throw context.Corrupt($"{names.Length} names but {shapes.Length} shapes");
        var entries = new List<(string, Tensor)>();
        for (int i = 0; i < names.Length; i++)
        {
            var shape = new TensorShape(shapes[i].Length == 0 ? [] : shapes[i].Split(',').Select(int.Parse).ToArray());
            var values = context.ReadSingleArray(names[i]);
            if (values.Length != shape.Size)
                throw context.Corrupt($"array '{names[i]}' of {values.Length} values for shape {shape}");
            var t = Tensor.CreatePersistent(shape, null);
            t.CopyFrom(values);
            entries.Add((names[i], t));
        }
        return new ParameterSnapshot(entries);
    }
}
