using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Optimizers;

/// <summary>
/// A copy of an optimizer's state (from <see cref="Optimizer.CaptureState"/>): step counts, learning rate and
/// state tensors keyed "&lt;parameter index&gt;.&lt;slot&gt;". Saves into model files for checkpoints.
/// </summary>
[ModelComponent("pipex.nn.optimizer-state")]
public sealed class OptimizerState
{
    internal OptimizerState(string kind, long stepCount, double learningRate, long[] parameterSteps, IReadOnlyDictionary<string, float[]> tensors)
    {
        Kind = kind;
        StepCount = stepCount;
        LearningRate = learningRate;
        ParameterSteps = parameterSteps;
        Tensors = tensors;
    }

    /// <summary>The optimizer type name, e.g. "Adam".</summary>
    public string Kind { get; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; }

    /// <summary>The learning rate at capture.</summary>
    public double LearningRate { get; }

    /// <summary>Per-parameter update counts.</summary>
    public long[] ParameterSteps { get; }

    /// <summary>State tensors by key.</summary>
    public IReadOnlyDictionary<string, float[]> Tensors { get; }

    /// <summary>Writes the state (use <c>context.SaveChildComponent(name, state, state.Save)</c>).</summary>
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Set("kind", Kind);
        context.Set("stepCount", StepCount);
        context.Set("learningRate", LearningRate);
        context.WriteArray("parameterSteps", ParameterSteps.Select(s => (double)s).ToArray());
        context.Set("keys", Tensors.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (key, values) in Tensors)
            context.WriteArray("t:" + key, values);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    public static OptimizerState Load(ModelLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tensors = context.GetStrings("keys").ToDictionary(k => k, k => context.ReadSingleArray("t:" + k));
        return new OptimizerState(context.GetString("kind"), context.GetInt64("stepCount"), context.GetDouble("learningRate"),
            context.ReadDoubleArray("parameterSteps").Select(d => (long)d).ToArray(), tensors);
    }
}
