using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Neural.Diagnostics;

/// <summary>
/// The over-sampling remedy's SMOTE: the neighbour count is decided on the training rows it gets, at most
/// <see cref="MaxNeighbours"/> and at most the smallest class's size − 1 (SMOTE needs a row and k same-class
/// neighbours); a class of one row cannot be interpolated, so then every class is over-sampled at random instead.
/// </summary>
internal sealed class AdaptiveSmote(PipelineContext context, string featureColumnName, string labelColumnName) : TrainOnlyEstimator
{
    public const int MaxNeighbours = 5;

    public override string StepName => "Smote (remedy)";

    protected override void ValidateSchema(DataSchema schema)
    {
        schema.Require(featureColumnName, t => t is VectorType, "Vector<Single> or Image", StepName);
        schema.Require(labelColumnName, t => t is KeyType, "Key", StepName);
    }

    protected override DataTable Apply(DataTable input)
    {
        int smallest = input.GetColumn<KeyColumn>(labelColumnName).CountPerClass().Where(c => c > 0).DefaultIfEmpty(0).Min();
        ITrainOnlyEstimator sampler = smallest >= 2
            ? context.Sampling.Smote(featureColumnName, labelColumnName, Math.Min(MaxNeighbours, smallest - 1))
            : context.Sampling.RandomOverSampler(featureColumnName, labelColumnName);
        return sampler.ApplyForTraining(input);
    }
}
