namespace PipelineExtensions.AutoML.Pruners;

/// <summary>Which value of a trial <see cref="AshaPruner"/> records and ranks at a rung.</summary>
public enum AshaRungValue
{
    /// <summary>
    /// The value reported at the rung's step (Optuna's SuccessiveHalvingPruner and Li et al.; the default). One noisy
    /// evaluation decides: a trial whose metric dips at the rung step is ranked by the dip.
    /// </summary>
    Last,

    /// <summary>
    /// The best value reported up to the rung's step (the statistic Optuna's Median/Percentile pruners judge a trial
    /// by). Every trial at a rung has made the same number of reports, so the comparison stays like-for-like, and a
    /// single bad evaluation (validation-set noise, an unlucky batch order) cannot cut an otherwise leading trial.
    /// Use it when the reported metric is noisy relative to the differences between configurations.
    /// </summary>
    BestSoFar,
}
