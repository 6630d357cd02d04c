using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.AutoML.Trials;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tuners.Cfo;

/// <summary>
/// Cost-Frugal Optimization in the style of FLAML's CFO (the default tuner of ML.NET AutoML): the first trial
/// evaluates a low-cost starting point (<see cref="CfoOptions.LowCostPoint"/>, e.g. few epochs, a small network),
/// and FLOW2 local search moves from it one random direction at a time, so expensive regions are reached only
/// when the cheap ones stop improving. When the local search converges, it restarts from the starting point
/// perturbed by a Gaussian step. Trials finished by other workers (or by an earlier run of the study) are taken
/// in as observations. Deterministic from the seed for one worker running one trial at a time.
/// </summary>
public sealed class CfoTuner : ITuner
{
    private readonly CfoOptions _options;
    private readonly HashSet<int> _seen = [];
    private readonly Dictionary<int, bool> _restartTrials = [];
    private SearchSpace? _space;
    private UnitCube? _cube;
    private SeededRandom? _random;
    private Flow2? _search;
    private Dictionary<string, double>? _start;
    private (Dictionary<string, double> Config, double Loss)? _globalBest;
    private int _restarts;

    /// <summary>Creates the tuner with a seed and no low-cost point (every parameter starts at a seeded random value).</summary>
    public CfoTuner(int seed = 0) : this(new CfoOptions { Seed = seed })
    {
    }

    /// <summary>Creates the tuner.</summary>
    public CfoTuner(CfoOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Name => "cfo";

    /// <summary>How many times the local search converged and restarted.</summary>
    public int Restarts => _restarts;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Suggest(TunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ReferenceEquals(context.Space, _space))
            Reset(context.Space);
        Observe(context);
        if (_search is null)
        {
            // Nothing evaluated yet: the first trial is the low-cost starting point itself.
            _search = new Flow2(_space!, _cube!, _start!, null, _random!);
            _restartTrials[context.TrialNumber] = true;
            return _start!;
        }
        var next = _search.Suggest(context.TrialNumber);
        if (next is not null)
            return next;

        // Converged: restart from the starting point, disturbed (FLAML's complete_config with disturb=True).
        _restarts++;
        var x = _cube!.Normalize(_start!, null, null, null);
        for (int i = 0; i < x.Length; i++)
            x[i] = Math.Clamp(x[i] + _random!.NextGaussian(), 0, 1);
        var restart = _cube.Denormalize(_space!, x, null, null, _random!);
        _search = new Flow2(_space!, _cube, restart, null, _random!);
        _restartTrials[context.TrialNumber] = true;
        return restart;
    }

    private void Reset(SearchSpace space)
    {
        _space = space;
        _cube = new UnitCube(space);
        _random = new SeededRandom(_options.Seed);
        _seen.Clear();
        _restartTrials.Clear();
        _search = null;
        _globalBest = null;
        _restarts = 0;
        var low = _options.LowCostPoint ?? new Dictionary<string, object>();
        foreach (var name in low.Keys)
            if (space.Find(name) is null)
                throw new ArgumentException($"CfoOptions.LowCostPoint names '{name}', which is not in the search space ({space}).");
        var random = SeededRandom.Derive(_options.Seed, -1);
        _start = space.Assign((p, _) => low.TryGetValue(p.Name, out var v) ? p.ToInternal(v) : p.SampleUniform(random));
    }

    // Feed finished trials to the local search in the order they finished.
    private void Observe(TunerContext context)
    {
        var fresh = context.Trials
            .Where(t => t.IsFinished && t.Number != context.TrialNumber && !_seen.Contains(t.Number))
            .OrderBy(t => t.Finished ?? DateTimeOffset.MaxValue).ThenBy(t => t.Number)
            .ToList();
        foreach (var t in fresh)
        {
            _seen.Add(t.Number);
            double? loss = t.State == TrialState.Complete && t.Value is { } v ? context.Direction.ToLoss(v) : null;
            if (loss is { } l && (_globalBest is null || l < _globalBest.Value.Loss) && t.Parameters is not null)
                _globalBest = (new Dictionary<string, double>(t.Parameters), l);
            if (_search is null)
            {
                // A study resumed (or shared): start the local search from its best trial so far.
                if (_globalBest is { } best)
                    _search = new Flow2(_space!, _cube!, best.Config, best.Loss, _random!);
                continue;
            }
            if (_restartTrials.Remove(t.Number))
            {
                // The evaluation of a (re)start point gives the new local search its reference loss.
                if (t.Parameters is not null)
                    _search.Complete(t.Number, t.Parameters, loss ?? double.PositiveInfinity);
                continue;
            }
            _search.Complete(t.Number, t.Parameters, loss);
        }
    }
}
