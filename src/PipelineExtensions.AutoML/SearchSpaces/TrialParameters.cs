using System.Collections;
using System.Globalization;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// One point of a <see cref="SearchSpace"/>: the values of the active parameters of a trial, read with typed
/// getters (<see cref="GetDouble"/>, <see cref="GetInt32"/>, <see cref="GetString"/>, …) or bound onto an options
/// object with <see cref="OptionsBinder"/>. Immutable.
/// </summary>
public sealed class TrialParameters : IReadOnlyDictionary<string, object>
{
    private readonly Dictionary<string, double> _internal;

    /// <summary>Wraps internal values (see <see cref="ParameterDistribution"/>); throws when they do not fit the space.</summary>
    public TrialParameters(SearchSpace space, IReadOnlyDictionary<string, double> internalValues)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(internalValues);
        if (space.Validate(internalValues) is { } error)
            throw new ArgumentException($"The parameter set does not fit the search space: {error}.", nameof(internalValues));
        Space = space;
        _internal = new Dictionary<string, double>(internalValues, StringComparer.Ordinal);
    }

    /// <summary>Builds a parameter set from user-facing values (e.g. to enqueue a known good configuration).</summary>
    public static TrialParameters FromValues(SearchSpace space, IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(values);
        var internalValues = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var p = space.Find(name) ?? throw new ArgumentException($"Parameter '{name}' is not in the search space ({space}).", nameof(values));
            internalValues[name] = p.ToInternal(value);
        }
        return new TrialParameters(space, internalValues);
    }

    /// <summary>The space these values belong to.</summary>
    public SearchSpace Space { get; }

    /// <summary>The internal values (numbers, or choice indices for categoricals), as tuners and stores see them.</summary>
    public IReadOnlyDictionary<string, double> InternalValues => _internal;

    /// <summary>The user-facing value of <paramref name="key"/> (a double, a long, or the choice object).</summary>
    public object this[string key] => Distribution(key).ToExternal(_internal[key]);

    /// <summary>The parameter as a double (floats, integers, numeric choices).</summary>
    public double GetDouble(string name) => Convert.ToDouble(this[name], CultureInfo.InvariantCulture);

    /// <summary>The parameter as a float.</summary>
    public float GetSingle(string name) => (float)GetDouble(name);

    /// <summary>The parameter as an int (integers, integral numeric choices); throws naming the parameter on overflow.</summary>
    public int GetInt32(string name)
    {
        long v = GetInt64(name);
        return v is >= int.MinValue and <= int.MaxValue ? (int)v : throw new OverflowException($"Parameter '{name}' = {v} does not fit an int.");
    }

    /// <summary>The parameter as a long.</summary>
    public long GetInt64(string name)
    {
        double v = GetDouble(name);
        if (v != Math.Floor(v))
            throw new InvalidCastException($"Parameter '{name}' = {v} is not an integer.");
        return (long)v;
    }

    /// <summary>The parameter as a string (a categorical's choice, or any value formatted invariantly).</summary>
    public string GetString(string name) => Distribution(name).Format(_internal[name]);

    /// <summary>The parameter as a bool (boolean choices).</summary>
    public bool GetBoolean(string name) => this[name] is bool b ? b : throw new InvalidCastException($"Parameter '{name}' is not a boolean choice.");

    /// <summary>The parameter's value, or <paramref name="fallback"/> when it is inactive in this trial.</summary>
    public object GetValueOrDefault(string name, object fallback) => _internal.ContainsKey(name) ? this[name] : fallback;

    /// <summary>True when <paramref name="key"/> is active (has a value) in this trial.</summary>
    public bool ContainsKey(string key) => _internal.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out object value)
    {
        if (_internal.ContainsKey(key))
        {
            value = this[key];
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>Number of active parameters.</summary>
    public int Count => _internal.Count;

    /// <summary>Names of the active parameters, in search-space order.</summary>
    public IEnumerable<string> Keys => Space.ActiveParameters(_internal).Select(p => p.Name);

    /// <inheritdoc />
    public IEnumerable<object> Values => Keys.Select(k => this[k]);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, object>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"name=value, …" in search-space order.</summary>
    public override string ToString() =>
        string.Join(", ", Space.ActiveParameters(_internal).Select(p => $"{p.Name}={p.Format(_internal[p.Name])}"));

    private ParameterDistribution Distribution(string name)
    {
        if (_internal.ContainsKey(name))
            return Space.Find(name)!;
        throw Space.Find(name) is null
            ? new KeyNotFoundException($"Parameter '{name}' is not in the search space; it has: {string.Join(", ", Space.AllParameters.Select(p => p.Name))}.")
            : new KeyNotFoundException($"Parameter '{name}' is inactive in this trial ({this}); it exists only under another choice.");
    }
}
