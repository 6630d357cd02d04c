using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tuners.Cfo;

/// <summary>
/// FLAML's FLOW2 randomized direct search (Wu, Wang, Huang, "Frugal Optimization for Cost-related
/// Hyperparameters", AAAI 2021) on the unit cube: from the incumbent, try x + δu for a random unit direction u,
/// then x − δu; move as soon as a point is better. After 2^min(9, d) proposals without progress the step δ
/// shrinks by √(k_old/k); the search has converged when δ falls below the smallest step that still changes a
/// discrete value. Internally minimises.
/// </summary>
internal sealed class Flow2
{
    public const double StepSize = 0.1;
    public const double StepLowerBoundDefault = 0.0001;

    private readonly UnitCube _cube;
    private readonly SearchSpace _space;
    private readonly SeededRandom _random;
    private readonly int _dim;
    private readonly double _stepUpperBound;
    private readonly int _dir;
    private readonly Dictionary<int, (Dictionary<string, double> Config, double Step, double[] ProposedBy)> _proposals = [];
    private double[]? _directionTried;
    private int _numComplete4Incumbent, _numAllowed4Incumbent, _numProposedByIncumbent;
    private int _trialCountProposed = 1, _trialCountComplete = 1, _iterBestConfig = 1;
    private double _k, _oldK;
    private bool _initPhase = true, _same;

    public Flow2(SearchSpace space, UnitCube cube, Dictionary<string, double> start, double? startLoss, SeededRandom random)
    {
        _space = space;
        _cube = cube;
        _random = random;
        _dim = Math.Max(1, cube.Dimension);
        BestConfig = start;
        BestLoss = startLoss;
        Incumbent = cube.Normalize(start, null, null, null);
        _stepUpperBound = Math.Sqrt(_dim);
        Step = StepSize * _stepUpperBound;
        double lb = cube.StepLowerBound(BestConfig);
        if (lb > Step)
            Step = lb * 2;
        Step = Math.Min(Step, _stepUpperBound);
        _dir = 1 << Math.Min(9, _dim);
        _numAllowed4Incumbent = 2 * _dim;
    }

    public Dictionary<string, double> BestConfig { get; private set; }

    public double? BestLoss { get; private set; }

    public double[] Incumbent { get; private set; }

    public double Step { get; private set; }

    /// <summary>Proposes the next configuration, or null when the search has converged.</summary>
    public Dictionary<string, double>? Suggest(int trialNumber)
    {
        _trialCountProposed++;
        _numAllowed4Incumbent--;
        var move = (double[])Incumbent.Clone();
        if (_directionTried is not null)
        {
            for (int i = 0; i < move.Length; i++)
                move[i] -= _directionTried[i];
            _directionTried = null;
        }
        else
        {
            _directionTried = UnitDirection();
            for (int i = 0; i < move.Length; i++)
                move[i] += _directionTried[i];
        }
        for (int i = 0; i < move.Length; i++)
            move[i] = Math.Clamp(move[i], 0, 1);
        var config = _cube.Denormalize(_space, move, BestConfig, Incumbent, _random);
        _proposals[trialNumber] = (config, Step, Incumbent);
        _numProposedByIncumbent++;
        if (_initPhase)
        {
            // While the first steps only reproduce the incumbent (discrete values), grow the step.
            bool same = SameConfig(config, BestConfig);
            if (_directionTried is null)
            {
                if (_same && same)
                    Step = Math.Min(Step + StepSize, _stepUpperBound);
            }
            else
            {
                _same = same;
            }
        }
        if (_numProposedByIncumbent == _dir)
        {
            _numProposedByIncumbent -= 2;
            _initPhase = false;
            if (Step < _cube.StepLowerBound(BestConfig))
                return null;
            _oldK = _k > 0 ? _k : _iterBestConfig;
            _k = _trialCountProposed + 1;
            Step *= Math.Sqrt(_oldK / _k);
        }
        if (!_initPhase && SameConfig(config, BestConfig))
            Incumbent = move; // rounding maps the move back onto the incumbent: walk on in the cube
        return config;
    }

    /// <summary>Takes in a finished trial: a better loss moves the incumbent there.</summary>
    public void Complete(int trialNumber, IReadOnlyDictionary<string, double>? parameters, double? loss)
    {
        _trialCountComplete++;
        bool own = _proposals.TryGetValue(trialNumber, out var proposal);
        if (loss is { } l && parameters is not null && (BestLoss is null || l < BestLoss))
        {
            BestLoss = l;
            var previous = Incumbent;
            var previousConfig = BestConfig;
            BestConfig = new Dictionary<string, double>(parameters);
            if (own)
                Step = proposal.Step;
            Incumbent = _cube.Normalize(BestConfig, previous, previousConfig, previous);
            _numComplete4Incumbent = 0;
            _numProposedByIncumbent = 0;
            _numAllowed4Incumbent = 2 * _dim;
            _proposals.Clear();
            _directionTried = null;
            if (_k > 0)
                Step *= Math.Sqrt(_k / _oldK);
            Step = Math.Min(Step, _stepUpperBound);
            _iterBestConfig = _trialCountComplete;
            return;
        }
        if (own && ReferenceEquals(proposal.ProposedBy, Incumbent))
        {
            _numComplete4Incumbent++;
            if (_numComplete4Incumbent >= 2 * _dim && _numAllowed4Incumbent <= 0)
                _numAllowed4Incumbent = 2;
            if (_numComplete4Incumbent == _dir)
            {
                _numComplete4Incumbent -= 2;
                _numAllowed4Incumbent = Math.Max(_numAllowed4Incumbent, 2);
            }
        }
    }

    private double[] UnitDirection()
    {
        var v = new double[Incumbent.Length];
        double norm = 0;
        while (norm == 0)
        {
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = _random.NextGaussian();
                norm += v[i] * v[i];
            }
        }
        norm = Math.Sqrt(norm);
        for (int i = 0; i < v.Length; i++)
            v[i] = v[i] / norm * Step;
        return v;
    }

    private static bool SameConfig(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out double v) && v == kv.Value);
}
