using PipelineExtensions.Neural.Parameters;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Options;
using PipelineExtensions.Persistence;

namespace PipelineExtensions.Neural.Optimizers;

/// <summary>
/// Updates parameters from their accumulated gradients. Call <see cref="ZeroGrad"/>, then <c>loss.Backward()</c>,
/// then <see cref="Step"/>. The learning rate can be read and changed between steps (schedules, reduce-on-plateau).
/// Per-parameter state (moments, momentum buffers, step counts) can be captured and restored in memory and saved
/// to a model file, so a training run resumes exactly.
/// </summary>
public abstract class Optimizer
{
    private readonly Parameter[] _parameters;
    private readonly string[] _slotNames;
    private readonly Tensor?[][] _slots;
    private readonly long[] _steps;
    private double _learningRate;

    /// <summary>Creates the optimizer over <paramref name="parameters"/> with named state slots per parameter.</summary>
    protected Optimizer(IEnumerable<Parameter> parameters, double learningRate, params string[] slotNames)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException("An optimizer needs at least one parameter.", nameof(parameters));
        if (_parameters.Distinct().Count() != _parameters.Length)
            throw new ArgumentException("A parameter appears twice in the optimizer's list.", nameof(parameters));
        LearningRate = learningRate;
        _slotNames = slotNames;
        _slots = _parameters.Select(_ => new Tensor?[slotNames.Length]).ToArray();
        _steps = new long[_parameters.Length];
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The learning rate used by the next <see cref="Step"/> (≥ 0).</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Check.NonNegative(value, "LearningRate");
    }

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient (parameters without one are skipped, as in PyTorch).</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad is null)
                continue;
            _steps[i]++;
            Update(i, p, p.Grad, _steps[i]);
        }
    }

    /// <summary>Sets every parameter's gradient to zero (keeping its memory).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
            p.Grad?.Fill(0f);
    }

    /// <summary>Updates one parameter; <paramref name="step"/> counts this parameter's updates from 1.</summary>
    protected abstract void Update(int index, Parameter parameter, Tensor gradient, long step);

    /// <summary>The state tensor <paramref name="slot"/> of parameter <paramref name="index"/>, created (zeros) on first use.</summary>
    protected Tensor Slot(int index, int slot, out bool created)
    {
        var t = _slots[index][slot];
        created = t is null;
        if (t is null)
        {
            var p = _parameters[index].Value;
            t = Tensor.CreatePersistent(p.Shape, p.Device);
            t.Fill(0f);
            _slots[index][slot] = t;
        }
        return t;
    }

    /// <summary>Copies the whole optimizer state (step counts, learning rate, state tensors) in memory.</summary>
    public OptimizerState CaptureState()
    {
        var tensors = new Dictionary<string, float[]>();
        for (int i = 0; i < _parameters.Length; i++)
            for (int s = 0; s < _slotNames.Length; s++)
                if (_slots[i][s] is { } t)
                    tensors[SlotKey(i, s)] = t.ToArray();
        return new OptimizerState(GetType().Name, StepCount, LearningRate, (long[])_steps.Clone(), tensors);
    }

    /// <summary>Restores a state captured from an optimizer of the same kind over parameters of the same shapes.</summary>
    /// <exception cref="ArgumentException">The state belongs to another kind of optimizer or other parameter shapes.</exception>
    public void RestoreState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Kind != GetType().Name)
            throw new ArgumentException($"Optimizer state of a {state.Kind} cannot be restored into a {GetType().Name}.", nameof(state));
        if (state.ParameterSteps.Length != _parameters.Length)
            throw new ArgumentException($"Optimizer state for {state.ParameterSteps.Length} parameters cannot be restored into an optimizer of {_parameters.Length}.", nameof(state));
        for (int i = 0; i < _parameters.Length; i++)
        {
            for (int s = 0; s < _slotNames.Length; s++)
            {
                if (state.Tensors.TryGetValue(SlotKey(i, s), out var values))
                {
                    if (values.Length != _parameters[i].Size)
                        throw new ArgumentException($"Optimizer state '{SlotKey(i, s)}' has {values.Length} values; parameter {i} {_parameters[i].Shape} needs {_parameters[i].Size}.", nameof(state));
                    Slot(i, s, out _).CopyFrom(values);
                }
                else
                {
                    _slots[i][s]?.Dispose();
                    _slots[i][s] = null;
                }
            }
        }
        Array.Copy(state.ParameterSteps, _steps, _steps.Length);
        StepCount = state.StepCount;
        LearningRate = state.LearningRate;
    }

    private string SlotKey(int index, int slot) => $"{index}.{_slotNames[slot]}";

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}(lr={LearningRate})";
}
