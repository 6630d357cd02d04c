namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>Declares the choices of a categorical parameter and the nested parameters each choice opens.</summary>
public sealed class ChoiceBuilder
{
    private readonly List<object> _choices = [];
    private readonly List<SearchSpace?> _branches = [];

    internal ChoiceBuilder()
    {
    }

    /// <summary>Adds a choice; <paramref name="branch"/>, when given, declares the parameters active only under it.</summary>
    public ChoiceBuilder Option(object value, Action<SearchSpace>? branch = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        _choices.Add(value);
        if (branch is null)
        {
            _branches.Add(null);
        }
        else
        {
            var space = new SearchSpace();
            branch(space);
            _branches.Add(space.Count == 0 ? null : space);
        }
        return this;
    }

    internal CategoricalDistribution Build(string name) => new(name, _choices, _branches);
}
