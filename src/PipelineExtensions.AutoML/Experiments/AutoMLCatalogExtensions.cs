using Microsoft.Extensions.Logging;
using PipelineExtensions.AutoML.Experiments;
using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Tuners.Tpe;
using PipelineExtensions.Data;

namespace PipelineExtensions;

/// <summary>Sweeps in <c>ctx.AutoML</c>: experiments over any objective, and sweeps over whole pipelines.</summary>
public static class AutoMLCatalogExtensions
{
    /// <summary>
    /// An experiment over <paramref name="objective"/>; the tuner defaults to TPE seeded from the context, the log
    /// goes to the context's logger factory.
    /// </summary>
    public static Experiment CreateExperiment(this AutoMLCatalog catalog, SearchSpace space, Objective objective, ExperimentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options = WithDefaults(catalog, options);
        return new Experiment(space, objective, options, catalog.Context.LoggerFactory.CreateLogger<Experiment>());
    }

    /// <summary>A sweep over the pipelines <paramref name="factory"/> builds, scored by <paramref name="evaluate"/> on <paramref name="validation"/>.</summary>
    public static PipelineSweep CreatePipelineSweep(this AutoMLCatalog catalog, SearchSpace space, PipelineFactory factory, PipelineEvaluator evaluate,
        DataTable train, DataTable validation, ExperimentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options = WithDefaults(catalog, options);
        return new PipelineSweep(space, factory, evaluate, train, validation, options, catalog.Context.LoggerFactory.CreateLogger<PipelineSweep>());
    }

    private static ExperimentOptions WithDefaults(AutoMLCatalog catalog, ExperimentOptions? options)
    {
        options ??= new ExperimentOptions();
        options.Tuner ??= new TpeTuner(catalog.Context.NextComponentSeed());
        return options;
    }
}
