namespace PipelineExtensions.Diagnostics;

/// <summary>
/// One dimension of the search space a diagnosis hands to an AutoML sweep: a remedy parameter with a range or
/// choices, named <c>Kind.Parameter</c> (e.g. <c>LowerLearningRate.LearningRate</c>, <c>ClassWeights.Scheme</c>).
/// </summary>
/// <param name="Name">The dimension's name, <c>Kind.Parameter</c>.</param>
/// <param name="Remedy">The remedy it belongs to.</param>
/// <param name="Parameter">The parameter, with its suggested value, range or choices.</param>
public sealed record RemedySearchDimension(string Name, Remedy Remedy, RemedyParameter Parameter);
