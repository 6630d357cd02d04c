using System.Collections;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// The hyperparameters of a sweep: an ordered list of distributions, where a categorical parameter may open a
/// nested space per choice (conditional parameters). Parameter names are unique over the whole tree, so a
/// parameter set is a flat name → value map; give nested parameters qualified names such as <c>"smote.k"</c>.
/// </summary>
/// <example>
/// <code>
/// var space = new SearchSpace()
///     .AddFloat("lr", 1e-5, 1e-1, log: true)
///     .AddCategorical("batch_size", 16, 32, 64, 128, 256)
///     .AddFloat("dropout", 0.0, 0.5)
///     .AddChoice("sampler", c => c
///         .Option("none")
///         .Option("smote", s => s.AddInt("smote.k", 3, 10)));
/// </code>
/// </example>
public sealed class SearchSpace : IEnumerable<ParameterDistribution>
{
    private readonly List<ParameterDistribution> _parameters = [];

    /// <summary>Number of top-level parameters (nested ones not counted; see <see cref="AllParameters"/>).</summary>
    public int Count => _parameters.Count;

    /// <summary>Adds a real parameter (uniform, log-uniform with <paramref name="log"/>, or stepped).</summary>
    public SearchSpace AddFloat(string name, double low, double high, bool log = false, double? step = null) =>
        Add(new FloatDistribution(name, low, high, log, step));

    /// <summary>Adds an integer parameter in [<paramref name="low"/>, <paramref name="high"/>] with a step.</summary>
    public SearchSpace AddInt(string name, long low, long high, long step = 1, bool log = false) =>
        Add(new IntDistribution(name, low, high, step, log));

    /// <summary>Adds a categorical parameter without nested parameters.</summary>
    public SearchSpace AddCategorical(string name, params object[] choices) => Add(new CategoricalDistribution(name, choices));

    /// <summary>Adds a categorical parameter whose choices may carry nested (conditional) parameters.</summary>
    public SearchSpace AddChoice(string name, Action<ChoiceBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var builder = new ChoiceBuilder();
        build(builder);
        return Add(builder.Build(name));
    }

    /// <summary>Adds a distribution; throws naming the parameter when its name (or a nested name) is already used.</summary>
    public SearchSpace Add(ParameterDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var existing = new HashSet<string>(AllParameters.Select(p => p.Name), StringComparer.Ordinal);
        foreach (var p in Walk(distribution))
            if (!existing.Add(p.Name))
                throw new ArgumentException(
                    $"Parameter name '{p.Name}' is used twice in the search space; names must be unique over all branches (qualify nested ones, e.g. 'smote.k').",
                    nameof(distribution));
        _parameters.Add(distribution);
        return this;
    }

    /// <summary>Every parameter of the tree, depth-first in declaration order.</summary>
    public IEnumerable<ParameterDistribution> AllParameters => _parameters.SelectMany(Walk);

    /// <summary>The parameter called <paramref name="name"/> anywhere in the tree, or null.</summary>
    public ParameterDistribution? Find(string name) => AllParameters.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// Walks the active parameters in order: <paramref name="choose"/> receives each active distribution and the
    /// values chosen so far and returns its internal value; a categorical's branch is entered after its choice.
    /// </summary>
    public Dictionary<string, double> Assign(Func<ParameterDistribution, IReadOnlyDictionary<string, double>, double> choose)
    {
        ArgumentNullException.ThrowIfNull(choose);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        AssignInto(values, choose);
        return values;
    }

    /// <summary>The parameters active for <paramref name="values"/> (a categorical's branch follows its value), in order.</summary>
    public List<ParameterDistribution> ActiveParameters(IReadOnlyDictionary<string, double> values)
    {
        var active = new List<ParameterDistribution>();
        CollectActive(values, active);
        return active;
    }

    /// <summary>
    /// Null when <paramref name="values"/> is a complete, valid assignment: every active parameter present and in
    /// range, nothing else present. Otherwise a message naming the first offending parameter.
    /// </summary>
    public string? Validate(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var active = ActiveParameters(values);
        foreach (var p in active)
        {
            if (!values.TryGetValue(p.Name, out double v))
                return $"parameter '{p.Name}' is active but has no value";
            if (!p.Contains(v))
                return $"parameter '{p.Name}' has value {v}, outside its range ({p})";
        }
        foreach (var name in values.Keys)
            if (!active.Any(p => p.Name == name))
                return Find(name) is null
                    ? $"parameter '{name}' is not in the search space"
                    : $"parameter '{name}' is inactive under the chosen values";
        return null;
    }

    /// <inheritdoc />
    public IEnumerator<ParameterDistribution> GetEnumerator() => _parameters.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The space as JSON (see <see cref="SearchSpaceJson"/>).</summary>
    public string ToJson() => SearchSpaceJson.Write(this);

    /// <summary>Parses a space written by <see cref="ToJson"/> or by hand; errors name the JSON path.</summary>
    public static SearchSpace FromJson(string json) => SearchSpaceJson.Read(json);

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", AllParameters);

    private void AssignInto(Dictionary<string, double> values, Func<ParameterDistribution, IReadOnlyDictionary<string, double>, double> choose)
    {
        foreach (var p in _parameters)
        {
            double v = choose(p, values);
            if (!p.Contains(v))
                throw new InvalidOperationException($"A tuner proposed {v} for parameter '{p.Name}', outside its range ({p}).");
            values[p.Name] = v;
            if (p is CategoricalDistribution c && c.Branches[(int)v] is { } branch)
                branch.AssignInto(values, choose);
        }
    }

    private void CollectActive(IReadOnlyDictionary<string, double> values, List<ParameterDistribution> active)
    {
        foreach (var p in _parameters)
        {
            active.Add(p);
            if (p is CategoricalDistribution c && values.TryGetValue(p.Name, out double v) && c.Contains(v) && c.Branches[(int)v] is { } branch)
                branch.CollectActive(values, active);
        }
    }

    private static IEnumerable<ParameterDistribution> Walk(ParameterDistribution p)
    {
        yield return p;
        if (p is CategoricalDistribution c)
            foreach (var branch in c.Branches)
                if (branch is not null)
                    foreach (var q in branch.AllParameters)
                        yield return q;
    }
}
