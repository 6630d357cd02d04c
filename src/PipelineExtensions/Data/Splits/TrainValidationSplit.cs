namespace PipelineExtensions.Data.Splits;

/// <summary>A split of a table into training and validation rows (one hold-out split, or one fold of k-fold).</summary>
/// <param name="Train">The training rows.</param>
/// <param name="Validation">The validation rows.</param>
/// <param name="TrainRows">Row indices of <paramref name="Train"/> in the original table, ascending.</param>
/// <param name="ValidationRows">Row indices of <paramref name="Validation"/> in the original table, ascending.</param>
public sealed record TrainValidationSplit(DataTable Train, DataTable Validation, IReadOnlyList<int> TrainRows, IReadOnlyList<int> ValidationRows);
