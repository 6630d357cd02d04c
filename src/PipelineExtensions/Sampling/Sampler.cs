using PipelineExtensions.Data;
using PipelineExtensions.Pipeline;

namespace PipelineExtensions.Sampling;

/// <summary>
/// Base of every sampler: a train-only pipeline step (it changes the rows later steps fit on and passes data
/// through at prediction time) with one contract, like imbalanced-learn's <c>fit_resample</c>: the input is
/// validated once here — feature column a float vector or image, label column a key, no missing label, finite
/// features, at least two classes, the strategy resolved against the class counts, enough rows per class for
/// the sampler's neighbours — and then the sampler-specific part runs.
/// </summary>
public abstract class Sampler : TrainOnlyEstimator
{
    private protected Sampler(SamplerOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        FeatureColumnName = options.FeatureColumnName;
        LabelColumnName = options.LabelColumnName;
        SamplingStrategy = options.SamplingStrategy;
        Seed = seed;
    }

    /// <summary>The feature column (float vector or image).</summary>
    public string FeatureColumnName { get; }

    /// <summary>The label column (key).</summary>
    public string LabelColumnName { get; }

    /// <summary>The sampling strategy.</summary>
    public SamplingStrategy SamplingStrategy { get; }

    /// <summary>The seed of the sampler's random choices.</summary>
    public int Seed { get; }

    /// <summary>Whether the sampler adds rows, removes rows to targets, or cleans.</summary>
    public abstract SamplingKind Kind { get; }

    /// <summary>
    /// Resamples <paramref name="input"/> and says where each output row comes from. The same seed gives the same
    /// result regardless of the number of threads.
    /// </summary>
    /// <exception cref="SchemaMismatchException">The feature or label column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">Bad data or strategy; the message names the class, row or column.</exception>
    public SamplingResult FitResample(DataTable input)
    {
        var data = Validated(input, deferFiniteCheck: ChecksFiniteWhileCopying);
        SortedDictionary<int, int> plan;
        try
        {
            plan = SamplingStrategy.Resolve(data.Counts, data.KeyType, Kind);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{StepName}: {e.Message}", nameof(SamplingStrategy), e);
        }
        CheckData(data, plan);
        return Resample(data, plan);
    }

    private SamplerData Validated(DataTable input, bool deferFiniteCheck = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateSchema(input.Schema);
        var data = new SamplerData(input, input.GetColumn<VectorColumn>(FeatureColumnName), input.GetColumn<KeyColumn>(LabelColumnName));
        data.CheckLabelsPresent(StepName);
        if (RequiresFiniteFeatures && !deferFiniteCheck)
            data.CheckFinite(StepName);
        return data;
    }

    /// <summary>Validated data and the index of <paramref name="className"/>, for the samplers' inspection methods.</summary>
    private protected SamplerData Inspect(DataTable table, string className, out int classIndex)
    {
        var data = Validated(table);
        classIndex = data.KeyType.IndexOf(className);
        if (classIndex < 0)
            throw new ArgumentException($"{StepName}: '{className}' is not a class of the label ({data.KeyType.DisplayName}).", nameof(className));
        return data;
    }

    /// <summary>Whether NaN or infinite features are refused (true for every sampler that computes with features).</summary>
    private protected virtual bool RequiresFiniteFeatures => true;

    /// <summary>
    /// True for samplers whose output pass copies every input feature before any computation with features: the finite
    /// check then runs inside that copy (one read of the features instead of two) and reports the same error, after the
    /// strategy and class-size errors instead of before them.
    /// </summary>
    private protected virtual bool ChecksFiniteWhileCopying => false;

    /// <summary>Sampler-specific checks of the data (class sizes for neighbour searches); messages name the class or column.</summary>
    private protected virtual void CheckData(SamplerData data, SortedDictionary<int, int> plan)
    {
    }

    /// <summary>The sampler-specific part, on validated input and the resolved strategy (class index → number).</summary>
    private protected abstract SamplingResult Resample(SamplerData data, SortedDictionary<int, int> plan);

    /// <summary>The checks and the sampler-specific part, for samplers that combine others.</summary>
    internal SamplingResult ResampleValidated(SamplerData data, SortedDictionary<int, int> plan)
    {
        CheckData(data, plan);
        return Resample(data, plan);
    }

    /// <summary>Requires each class in <paramref name="plan"/> with a positive number to have at least <paramref name="neighbours"/> + 1 rows.</summary>
    private protected void RequireNeighboursInClasses(SamplerData data, SortedDictionary<int, int> plan, int neighbours, string optionName)
    {
        foreach (var (c, n) in plan)
            if (n > 0 && data.Counts[c] < neighbours + 1)
                throw new ArgumentException(
                    $"{StepName}: class '{data.ClassName(c)}' has {data.Counts[c]} rows, but {optionName} = {neighbours} needs at least {neighbours + 1} rows in every class it resamples (the row and its {neighbours} neighbours). Lower {optionName} or use random over-sampling for this class.");
    }

    /// <summary>Requires the table to have at least <paramref name="neighbours"/> + 1 rows.</summary>
    private protected void RequireNeighboursInTable(SamplerData data, int neighbours, string optionName)
    {
        if (data.RowCount < neighbours + 1)
            throw new ArgumentException(
                $"{StepName}: the table has {data.RowCount} rows, but {optionName} = {neighbours} needs at least {neighbours + 1} (the row and its {neighbours} neighbours).");
    }

    /// <inheritdoc />
    protected override void ValidateSchema(DataSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.Require(FeatureColumnName, t => t is VectorType, "Vector<Single> or Image", StepName);
        schema.Require(LabelColumnName, t => t is KeyType, "Key", StepName);
    }

    /// <inheritdoc />
    protected override DataTable Apply(DataTable input) => FitResample(input).Table;

    /// <inheritdoc />
    public override string ToString() => $"{StepName}(strategy: {SamplingStrategy}, seed: {Seed})";
}
