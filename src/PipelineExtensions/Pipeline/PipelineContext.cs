using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PipelineExtensions.Randomness;

namespace PipelineExtensions;

/// <summary>
/// The entry point of the library, like ML.NET's MLContext: holds the seed and the logger factory, and
/// exposes the catalogs through which pipeline steps are created.
/// </summary>
/// <example>
/// <code>
/// var ctx = new PipelineContext(seed: 1);
/// var data = ctx.Data.LoadFromCsv("train.csv");
/// var pipeline = ctx.Transforms.Concatenate("Features", "a", "b")
///     .Append(ctx.Transforms.NormalizeMinMax("Features"));
/// var model = pipeline.Fit(data);
/// </code>
/// </example>
public sealed class PipelineContext
{
    private long _componentCounter;

    /// <summary>Creates a context.</summary>
    /// <param name="seed">
    /// Seed for everything random created through this context. Null draws a random seed, which is then
    /// available in <see cref="Seed"/> so the run can be repeated.
    /// </param>
    /// <param name="loggerFactory">Where log messages go; null discards them.</param>
    public PipelineContext(int? seed = null, ILoggerFactory? loggerFactory = null)
    {
        Seed = seed ?? Random.Shared.Next();
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Data = new DataCatalog(this);
        Transforms = new TransformsCatalog(this);
        Sampling = new SamplingCatalog(this);
        Augmentation = new AugmentationCatalog(this);
        Trainers = new TrainersCatalog(this);
        AutoML = new AutoMLCatalog(this);
        Model = new ModelCatalog(this);
        Diagnostics = new DiagnosticsCatalog(this);
    }

    /// <summary>The seed of this context (the one given, or the one drawn when none was given).</summary>
    public int Seed { get; }

    /// <summary>The logger factory handed to components created through the catalogs.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Loading, saving and splitting data.</summary>
    public DataCatalog Data { get; }

    /// <summary>Column transforms: concatenate, normalize, key mapping, type conversion, selection, class weights.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Train-only resampling steps (over- and under-samplers).</summary>
    public SamplingCatalog Sampling { get; }

    /// <summary>Image loading and augmentation.</summary>
    public AugmentationCatalog Augmentation { get; }

    /// <summary>Trainers (estimators that produce models).</summary>
    public TrainersCatalog Trainers { get; }

    /// <summary>Hyperparameter sweeps over whole pipelines.</summary>
    public AutoMLCatalog AutoML { get; }

    /// <summary>Saving and loading fitted models.</summary>
    public ModelCatalog Model { get; }

    /// <summary>Diagnosis of plateaued runs: why a model is stuck, with evidence and remedies.</summary>
    public DiagnosticsCatalog Diagnostics { get; }

    /// <summary>
    /// A seed for the next component created through this context: a fixed sequence derived from
    /// <see cref="Seed"/>, so the same construction order gives the same seeds. Components also accept an
    /// explicit seed in their options, which takes precedence.
    /// </summary>
    public int NextComponentSeed()
    {
        long n = Interlocked.Increment(ref _componentCounter);
        return unchecked((int)SeededRandom.MixSeed(Seed, n));
    }
}

/// <summary>Base of the catalogs: gives extension methods access to the context.</summary>
public abstract class CatalogBase
{
    /// <summary>Creates a catalog bound to <paramref name="context"/>.</summary>
    protected CatalogBase(PipelineContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context that owns this catalog.</summary>
    public PipelineContext Context { get; }
}
