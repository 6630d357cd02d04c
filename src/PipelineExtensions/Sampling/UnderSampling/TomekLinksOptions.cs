namespace PipelineExtensions.Sampling;

/// <summary>
/// Options of <see cref="TomekLinks"/> (imbalanced-learn's <c>TomekLinks</c>). The strategy says which classes may
/// lose rows: <see cref="SamplingStrategy.Auto"/> (every class but the minority), <see cref="SamplingStrategy.All"/>,
/// <see cref="SamplingStrategy.Majority"/>, <see cref="SamplingStrategy.Classes"/>, ...
/// </summary>
public sealed class TomekLinksOptions : SamplerOptions
{
}
