namespace PipelineExtensions.Neural.Autograd;

/// <summary>
/// Switches gradient recording on and off for the current thread. Inference and evaluation run inside
/// <see cref="NoGrad"/>: operations then build no graph and keep no intermediate tensors alive.
/// </summary>
/// <example><code>using (GradMode.NoGrad()) { var scores = network.Forward(batch); }</code></example>
public static class GradMode
{
    [ThreadStatic]
    private static int _disabledDepth;

    /// <summary>True when operations on tensors that require gradients record the graph.</summary>
    public static bool IsEnabled => _disabledDepth == 0;

    /// <summary>Disables gradient recording until the returned scope is disposed (scopes nest).</summary>
    public static NoGradScope NoGrad()
    {
        _disabledDepth++;
        return new NoGradScope(true);
    }

    /// <summary>A scope returned by <see cref="NoGrad"/>; disposing it restores the previous mode.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        private readonly bool _active;

        internal NoGradScope(bool active) => _active = active;

        /// <summary>Restores the previous gradient mode.</summary>
        public void Dispose()
        {
            if (_active)
                _disabledDepth--;
        }
    }
}
