namespace PipelineExtensions.Neural.Tensors;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and releases them when it
/// is disposed, so a training step returns all its activations and gradients to the device's memory pool.
/// </summary>
/// <example>
/// <code>
/// using (var step = new TensorScope())
/// {
///     var loss = lossFunction.Forward(network.Forward(batch), targets);
///     loss.Backward();
///     optimizer.Step();
///     lastLoss = loss.Item();
/// } // activations, intermediate gradients and the loss are released here
/// </code>
/// </example>
/// <remarks>
/// Keep a result beyond the scope with <see cref="Keep"/> (it moves to the enclosing scope, or becomes
/// unowned). Parameters, their gradients and optimizer state are never owned by a scope.
/// Scopes nest and are per thread; dispose them in reverse order of creation.
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? _current;

    private readonly List<Tensor> _owned = new(64);
    private readonly TensorScope? _parent;
    private bool _disposed;

    /// <summary>Opens a scope on the current thread.</summary>
    public TensorScope()
    {
        _parent = _current;
        _current = this;
    }

    /// <summary>Number of tensors the scope currently owns.</summary>
    public int Count => _owned.Count;

    internal static void Track(Tensor t) => _current?._owned.Add(t);

    /// <summary>Keeps <paramref name="tensor"/> alive after this scope closes (hands it to the enclosing scope, if any).</summary>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int i = _owned.LastIndexOf(tensor);
        if (i >= 0)
        {
            _owned.RemoveAt(i);
            _parent?._owned.Add(tensor);
        }
        return tensor;
    }

    /// <summary>Releases every owned tensor and closes the scope.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_current != this)
            throw new InvalidOperationException("TensorScopes must be disposed in reverse order of creation, on the thread that opened them.");
        _current = _parent;
        foreach (var t in _owned)
            t.Dispose();
        _owned.Clear();
    }
}
