using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Regularization;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Layers;

/// <summary>
/// A layer or a network of layers: a differentiable map with parameters, buffers (state that is not trained,
/// like batch-norm running statistics), child modules and a train/eval mode.
/// </summary>
/// <remarks>
/// Every module is a model component: it saves its configuration and values with <see cref="Save"/> and has a
/// static <c>Load(ModelLoadContext)</c> and a <see cref="ModelComponentAttribute"/>, so a whole network saves as a
/// child of a fitted transformer (<c>context.SaveChildComponent("network", net, net.Save)</c>) and comes back with
/// <see cref="LoadChild"/>. Write a custom layer the same way.
/// </remarks>
public abstract class Module
{
    private readonly List<(string Name, Module Module)> _children = [];
    private readonly List<Parameter> _parameters = [];
    private readonly List<(string Name, Tensor Buffer)> _buffers = [];

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics). New modules train.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the output for a batch.</summary>
    /// <exception cref="ShapeMismatchException">The input's shape does not fit; the message names both shapes.</exception>
    public abstract Tensor Forward(Tensor input);

    /// <summary>The output shape for an input shape (batch dimension included), without computing anything.</summary>
    /// <exception cref="ShapeMismatchException">The input shape does not fit this module.</exception>
    public abstract TensorShape OutputShape(TensorShape input);

    /// <summary>Writes the configuration, parameters and buffers (and children) to a model file.</summary>
    public abstract void Save(ModelSaveContext context);

    /// <summary>Switches this module and its children to training (true) or evaluation (false) mode.</summary>
    public void Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, child) in _children)
            child.Train(training);
    }

    /// <summary>
    /// Restarts every random stream in the module tree (dropout masks) from <paramref name="seed"/>; child i gets
    /// a stream derived from (seed, i). Training loops call it at each epoch start with a seed derived from the
    /// epoch, so a run resumed from a checkpoint draws the same masks as an uninterrupted one.
    /// </summary>
    public virtual void Reseed(long seed)
    {
        for (int i = 0; i < _children.Count; i++)
            _children[i].Module.Reseed(Randomness.SeededRandom.MixSeed(seed, i));
    }

    /// <summary>Switches to evaluation mode.</summary>
    public void Eval() => Train(false);

    /// <summary>Direct children, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> Children => _children;

    /// <summary>All parameters of this module and its descendants, depth first.</summary>
    public IReadOnlyList<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>All parameters with dotted paths, e.g. ("0.weight", p), depth first.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var p in _parameters)
            yield return (p.Name, p);
        foreach (var (name, child) in _children)
            foreach (var (n, p) in child.NamedParameters())
                yield return (name + "." + n, p);
    }

    /// <summary>All buffers (untrained state such as running statistics) with dotted paths.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var b in _buffers)
            yield return b;
        foreach (var (name, child) in _children)
            foreach (var (n, b) in child.NamedBuffers())
                yield return (name + "." + n, b);
    }

    /// <summary>Total number of trainable values.</summary>
    public long ParameterCount => NamedParameters().Sum(p => (long)p.Parameter.Size);

    /// <summary>The device of the parameters (the default device when there are none).</summary>
    public Device Device => NamedParameters().Select(p => p.Parameter.Value.Device).FirstOrDefault() ?? Device.Default;

    /// <summary>
    /// The sum of every parameter's regularization penalty (Keras semantics) as a differentiable scalar, or null
    /// when no parameter has one. Add it to the data loss before <c>Backward</c>.
    /// </summary>
    public Tensor? RegularizationPenalty()
    {
        Tensor? total = null;
        foreach (var (_, p) in NamedParameters())
        {
            var term = p.Regularizer?.Penalty(p.Value);
            if (term is not null)
                total = total is null ? term : total + term;
        }
        return total;
    }

    /// <summary>Sets (or clears) the regularizer of every parameter with role <see cref="ParameterRole.Weight"/>.</summary>
    public void SetWeightRegularizer(Regularizer? regularizer)
    {
        foreach (var (_, p) in NamedParameters())
            if (p.Role == ParameterRole.Weight)
                p.Regularizer = regularizer;
    }

    /// <summary>Moves parameters and buffers to <paramref name="device"/> (a copy through host memory).</summary>
    public void To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var p in _parameters)
            if (p.Value.Device != device)
                p.Replace(CopyTo(p.Value, device));
        for (int i = 0; i < _buffers.Count; i++)
            if (_buffers[i].Buffer.Device != device)
                _buffers[i] = (_buffers[i].Name, CopyTo(_buffers[i].Buffer, device));
        foreach (var (_, child) in _children)
            child.To(device);
        OnMoved();
    }

    /// <summary>Called after <see cref="To"/> so modules can refresh cached references to buffers.</summary>
    protected virtual void OnMoved()
    {
    }

    private static Tensor CopyTo(Tensor t, Device device)
    {
        var copy = Tensor.CreatePersistent(t.Shape, device);
        copy.CopyFrom(t.ToArray());
        return copy;
    }

    /// <summary>Registers a trainable parameter initialised with <paramref name="values"/>.</summary>
    protected Parameter AddParameter(string name, TensorShape shape, ReadOnlySpan<float> values, ParameterRole role, Regularizer? regularizer, Device? device)
    {
        var t = Tensor.CreatePersistent(shape, device);
        t.CopyFrom(values);
        var p = new Parameter(name, t, role, regularizer);
        _parameters.Add(p);
        return p;
    }

    /// <summary>Registers a buffer (state saved with the model but not trained).</summary>
    protected Tensor AddBuffer(string name, TensorShape shape, float initialValue, Device? device)
    {
        var t = Tensor.CreatePersistent(shape, device);
        t.Fill(initialValue);
        t.Name = name;
        _buffers.Add((name, t));
        return t;
    }

    /// <summary>The current tensor of a buffer registered under <paramref name="name"/>.</summary>
    protected Tensor Buffer(string name) => _buffers.First(b => b.Name == name).Buffer;

    /// <summary>Registers a child module.</summary>
    protected T AddModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_children.Any(c => c.Name == name))
            throw new ArgumentException($"A child module named '{name}' already exists.", nameof(name));
        _children.Add((name, module));
        module.Train(IsTraining);
        return module;
    }

    /// <summary>Writes this module's own parameters and buffers as arrays named after them.</summary>
    protected void SaveValues(ModelSaveContext context)
    {
        foreach (var p in _parameters)
        {
            context.WriteArray(p.Name, p.Value.ToArray());
            if (p.Regularizer is { } r)
            {
                context.Set(p.Name + ".l1", r.L1);
                context.Set(p.Name + ".l2", r.L2);
            }
        }
        foreach (var (name, buffer) in _buffers)
            context.WriteArray(name, buffer.ToArray());
    }

    /// <summary>Reads values written by <see cref="SaveValues"/> into this (freshly built) module.</summary>
    /// <exception cref="ModelFormatException">An array is missing or has the wrong length.</exception>
    protected void LoadValues(ModelLoadContext context)
    {
        foreach (var p in _parameters)
        {
            p.Value.CopyFrom(ReadExact(context, p.Name, p.Value.Shape));
            if (context.Has(p.Name + ".l1"))
                p.Regularizer = new Regularizer(context.GetDouble(p.Name + ".l1"), context.GetDouble(p.Name + ".l2"));
        }
        foreach (var (name, buffer) in _buffers)
            buffer.CopyFrom(ReadExact(context, name, buffer.Shape));
    }

    private static float[] ReadExact(ModelLoadContext context, string name, TensorShape shape)
    {
        var values = context.ReadSingleArray(name);
        if (values.Length != shape.Size)
            throw context.Corrupt($"array '{name}' of {values.Length} values where shape {shape} needs {shape.Size}");
        return values;
    }

    /// <summary>Loads a module saved with <c>context.SaveChildComponent(name, module, module.Save)</c>.</summary>
    /// <exception cref="ModelFormatException">The child is missing or is not a module.</exception>
    public static Module LoadChild(ModelLoadContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.LoadChildComponent(name) as Module ?? throw context.Corrupt($"child '{name}' that is not a neural-network module");
    }

    /// <summary>A one-line description, e.g. "Dense(784 → 256)".</summary>
    public abstract override string ToString();
}
