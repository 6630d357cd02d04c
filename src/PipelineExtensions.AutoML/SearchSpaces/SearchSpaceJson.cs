using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// The JSON form of a <see cref="SearchSpace"/>, used by trial stores (so a study can be read without code) and by
/// configuration files. An object maps each parameter name, in order, to its distribution:
/// <code>
/// {
///   "lr":         { "type": "float", "low": 1e-5, "high": 0.1, "log": true },
///   "epochs":     { "type": "int", "low": 5, "high": 50, "step": 5 },
///   "batch_size": { "type": "categorical", "choices": [16, 32, 64] },
///   "sampler":    { "type": "categorical", "choices": ["none", "smote"],
///                   "branches": { "smote": { "smote.k": { "type": "int", "low": 3, "high": 10 } } } }
/// }
/// </code>
/// Errors name the JSON path of the bad entry.
/// </summary>
public static class SearchSpaceJson
{
    /// <summary>Writes <paramref name="space"/> as indented JSON.</summary>
    public static string Write(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return ToNode(space).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads a space; throws <see cref="FormatException"/> naming the JSON path of the first problem.</summary>
    public static SearchSpace Read(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The search space is not valid JSON: {e.Message}", e);
        }
        return FromNode(node, "$");
    }

    /// <summary>Reads a space from an already parsed JSON object; <paramref name="path"/> prefixes error messages.</summary>
    public static SearchSpace FromNode(JsonNode? node, string path = "$")
    {
        if (node is not JsonObject obj)
            throw new FormatException($"{path}: a search space must be a JSON object of parameter name → distribution.");
        var space = new SearchSpace();
        foreach (var (name, value) in obj)
        {
            string at = $"{path}.{name}";
            try
            {
                space.Add(ReadDistribution(name, value, at));
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{at}: {e.Message}", e);
            }
        }
        return space;
    }

    /// <summary>The space as a JSON object.</summary>
    public static JsonObject ToNode(SearchSpace space)
    {
        var obj = new JsonObject();
        foreach (var p in space)
            obj[p.Name] = ToNode(p);
        return obj;
    }

    private static JsonObject ToNode(ParameterDistribution p) => p switch
    {
        FloatDistribution f => new JsonObject
        {
            ["type"] = "float", ["low"] = f.Low, ["high"] = f.High, ["log"] = f.Log, ["step"] = f.Step,
        },
        IntDistribution i => new JsonObject
        {
            ["type"] = "int", ["low"] = i.Low, ["high"] = i.High, ["step"] = i.Step, ["log"] = i.Log,
        },
        CategoricalDistribution c => CategoricalNode(c),
        _ => throw new NotSupportedException($"Parameter '{p.Name}': {p.GetType().Name} has no JSON form."),
    };

    private static JsonObject CategoricalNode(CategoricalDistribution c)
    {
        var choices = new JsonArray();
        foreach (var choice in c.Choices)
            choices.Add(ChoiceNode(choice));
        var node = new JsonObject { ["type"] = "categorical", ["choices"] = choices };
        if (c.HasBranches)
        {
            var branches = new JsonObject();
            for (int i = 0; i < c.Choices.Count; i++)
                if (c.Branches[i] is { Count: > 0 } b)
                    branches[CategoricalDistribution.Format(c.Choices[i])] = ToNode(b);
            node["branches"] = branches;
        }
        return node;
    }

    private static JsonNode ChoiceNode(object choice) => choice switch
    {
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        float f => JsonValue.Create((double)f),
        double d => JsonValue.Create(d),
        _ => throw new NotSupportedException($"Choice '{choice}' of type {choice.GetType().Name} has no JSON form."),
    };

    private static ParameterDistribution ReadDistribution(string name, JsonNode? node, string at)
    {
        if (node is not JsonObject obj)
            throw new FormatException($"{at}: expected an object with a \"type\" (float, int or categorical).");
        string type = obj["type"]?.GetValue<string>() ?? throw new FormatException($"{at}: missing \"type\" (float, int or categorical).");
        switch (type)
        {
            case "float":
                return new FloatDistribution(name, Number(obj, "low", at), Number(obj, "high", at),
                    Bool(obj, "log", at), obj["step"] is null ? null : Number(obj, "step", at));
            case "int":
                return new IntDistribution(name, Integer(obj, "low", at), Integer(obj, "high", at),
                    obj["step"] is null ? 1 : Integer(obj, "step", at), Bool(obj, "log", at));
            case "categorical":
                return ReadCategorical(name, obj, at);
            default:
                throw new FormatException($"{at}.type: unknown type '{type}' (float, int or categorical).");
        }
    }

    private static CategoricalDistribution ReadCategorical(string name, JsonObject obj, string at)
    {
        if (obj["choices"] is not JsonArray array || array.Count == 0)
            throw new FormatException($"{at}.choices: a categorical parameter needs a non-empty array of choices.");
        var choices = new List<object>();
        for (int i = 0; i < array.Count; i++)
            choices.Add(ReadChoice(array[i], $"{at}.choices[{i}]"));
        var branches = new SearchSpace?[choices.Count];
        if (obj["branches"] is JsonObject branchNodes)
        {
            foreach (var (key, value) in branchNodes)
            {
                int index = choices.FindIndex(c => CategoricalDistribution.Format(c) == key);
                if (index < 0)
                    throw new FormatException($"{at}.branches.{key}: '{key}' is not one of the choices.");
                branches[index] = FromNode(value, $"{at}.branches.{key}");
            }
        }
        else if (obj["branches"] is not null)
        {
            throw new FormatException($"{at}.branches: expected an object of choice → nested space.");
        }
        return new CategoricalDistribution(name, choices, branches);
    }

    private static object ReadChoice(JsonNode? node, string at)
    {
        if (node is not JsonValue v)
            throw new FormatException($"{at}: a choice must be a string, number or boolean.");
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<long>(out long l) ? l : v.GetValue<double>(),
            _ => throw new FormatException($"{at}: a choice must be a string, number or boolean."),
        };
    }

    private static double Number(JsonObject obj, string key, string at)
    {
        if (obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            return v.GetValue<double>();
        throw new FormatException($"{at}.{key}: expected a number.");
    }

    private static long Integer(JsonObject obj, string key, string at)
    {
        if (obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out long l))
            return l;
        double d = Number(obj, key, at);
        if (d != Math.Floor(d))
            throw new FormatException($"{at}.{key}: expected an integer, got {d}.");
        return (long)d;
    }

    private static bool Bool(JsonObject obj, string key, string at) => obj[key] switch
    {
        null => false,
        JsonValue v when v.GetValueKind() is JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() is JsonValueKind.False => false,
        _ => throw new FormatException($"{at}.{key}: expected true or false."),
    };
}
