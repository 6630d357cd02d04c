using PipelineExtensions.Pipeline;

namespace PipelineExtensions;

/// <summary>
/// Starts chains from single estimators: <c>a.Append(b).Append(c)</c>. In the root namespace, like the catalogs,
/// so that <c>using PipelineExtensions;</c> is all a pipeline needs.
/// </summary>
public static class EstimatorChainExtensions
{
    /// <summary>A chain of <paramref name="start"/> followed by <paramref name="next"/>.</summary>
    public static EstimatorChain<TNew> Append<TNew>(this IEstimator<ITransformer> start, IEstimator<TNew> next)
        where TNew : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        return new EstimatorChain<ITransformer>().Append(start).Append(next);
    }
}
