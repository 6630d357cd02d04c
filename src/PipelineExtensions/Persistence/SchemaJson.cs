using System.Text.Json.Nodes;
using PipelineExtensions.Data;

namespace PipelineExtensions.Persistence;

/// <summary>Converts column types and schemas to and from JSON (model manifests, Arrow metadata, configs).</summary>
public static class SchemaJson
{
    /// <summary>The JSON form of a column type.</summary>
    public static JsonObject ToJson(ColumnType type) => type switch
    {
        ScalarType s => new JsonObject { ["kind"] = "scalar", ["scalar"] = s.Kind.ToString() },
        TextType => new JsonObject { ["kind"] = "text" },
        ImageType i => new JsonObject { ["kind"] = "image", ["channels"] = i.Channels, ["height"] = i.Height, ["width"] = i.Width },
        VectorType v => new JsonObject { ["kind"] = "vector", ["size"] = v.Size },
        KeyType k => new JsonObject { ["kind"] = "key", ["classes"] = new JsonArray(k.ClassNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()) },
        _ => throw new NotSupportedException($"Column type {type.DisplayName} has no JSON form."),
    };

    /// <summary>Reads a column type written by <see cref="ToJson(ColumnType)"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a column type; the message says what is wrong.</exception>
    public static ColumnType TypeFromJson(JsonNode? node)
    {
        if (node is not JsonObject obj)
            throw new FormatException("A column type must be a JSON object.");
        string kind = obj["kind"]?.GetValue<string>() ?? throw new FormatException("A column type lacks its 'kind'.");
        try
        {
            return kind switch
            {
                "scalar" => new ScalarType(Enum.Parse<ScalarKind>(obj["scalar"]!.GetValue<string>())),
                "text" => ColumnType.Text,
                "vector" => ColumnType.Vector(obj["size"]!.GetValue<int>()),
                "image" => ColumnType.Image(obj["channels"]!.GetValue<int>(), obj["height"]!.GetValue<int>(), obj["width"]!.GetValue<int>()),
                "key" => ColumnType.Key(obj["classes"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray()),
                _ => throw new FormatException($"Unknown column type kind '{kind}'."),
            };
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"Column type of kind '{kind}' is malformed: {e.Message}", e);
        }
    }

    /// <summary>The JSON form of a schema: an array of {name, type}.</summary>
    public static JsonArray ToJson(DataSchema schema) =>
        new(schema.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["type"] = ToJson(c.Type) }).ToArray());

    /// <summary>Reads a schema written by <see cref="ToJson(DataSchema)"/>.</summary>
    public static DataSchema SchemaFromJson(JsonNode? node)
    {
        if (node is not JsonArray array)
            throw new FormatException("A schema must be a JSON array.");
        return new DataSchema(array.Select(n =>
        {
            string name = n?["name"]?.GetValue<string>() ?? throw new FormatException("A schema column lacks its 'name'.");
            return new SchemaColumn(name, TypeFromJson(n["type"]));
        }));
    }
}
