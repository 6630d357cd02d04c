namespace PipelineExtensions.Neural.Tensors;

/// <summary>
/// Optional NaN/infinity checks. When enabled on a thread (<see cref="Enable"/>), <see cref="Layers.Sequential"/>
/// checks its input and every layer's output, and losses check their inputs, throwing a
/// <see cref="NonFiniteValueException"/> that names the first place a non-finite value appeared instead of
/// letting it propagate silently into the weights. Off by default: a check costs one pass over the tensor.
/// </summary>
public static class NumericCheck
{
    [ThreadStatic]
    private static int _depth;

    /// <summary>True when checks are on for the current thread.</summary>
    public static bool IsEnabled => _depth > 0;

    /// <summary>Turns checks on for the current thread until the returned scope is disposed.</summary>
    public static Scope Enable()
    {
        _depth++;
        return new Scope(true);
    }

    /// <summary>Throws <see cref="NonFiniteValueException"/> when <paramref name="tensor"/> holds NaN or ±∞.</summary>
    /// <param name="tensor">The tensor to check.</param>
    /// <param name="location">Where it comes from, e.g. "output of layer 2 (Dense)".</param>
    public static void ThrowIfNonFinite(Tensor tensor, string location)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        long bad = tensor.Device.CountNonFinite(tensor.Storage, tensor.Size);
        if (bad > 0)
            throw new NonFiniteValueException(location, tensor.Shape, bad);
    }

    /// <summary>Checks only when <see cref="IsEnabled"/>.</summary>
    public static void IfEnabled(Tensor tensor, string location)
    {
        if (IsEnabled)
            ThrowIfNonFinite(tensor, location);
    }

    /// <summary>Returned by <see cref="Enable"/>; disposing it restores the previous setting.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _active;

        internal Scope(bool active) => _active = active;

        /// <summary>Restores the previous setting.</summary>
        public void Dispose()
        {
            if (_active)
                _depth--;
        }
    }
}
