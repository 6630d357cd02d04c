using System.Text.Json;
using System.Text.Json.Serialization;

namespace PipelineExtensions.Cli.Config;

/// <summary>Reads a <see cref="RunConfig"/> strictly: snake_case fields, unknown fields are errors, every error names the field's JSON path.</summary>
public static class ConfigLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Reads and checks the config at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, is not JSON, has an unknown field or a bad value.</exception>
    public static RunConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new ConfigException(path, "$", "the config file does not exist");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and checks config text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ConfigException">The text is not JSON, has an unknown field or a bad value.</exception>
    public static RunConfig Parse(string json, string source)
    {
        RunConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<RunConfig>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ConfigException(source, e.Path ?? "$", Explain(e), e);
        }
        if (config is null)
            throw new ConfigException(source, "$", "expected an object, got null");
        config.Validate(new ConfigChecker(source));
        return config;
    }

    // System.Text.Json's messages name .NET types; say what the JSON should have held instead.
    private static string Explain(JsonException e)
    {
        string message = e.Message;
        int unknown = message.IndexOf("could not be mapped", StringComparison.Ordinal);
        if (unknown >= 0 && message.IndexOf('\'') is int q and >= 0 && message.IndexOf('\'', q + 1) is int q2 and > 0)
            return $"unknown field \"{message[(q + 1)..q2]}\"";
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            string type = message.Contains("System.Int32", StringComparison.Ordinal) ? "an integer"
                : message.Contains("System.Double", StringComparison.Ordinal) ? "a number"
                : message.Contains("System.Boolean", StringComparison.Ordinal) ? "true or false"
                : message.Contains("System.String", StringComparison.Ordinal) ? "a string"
                : message.Contains("IReadOnlyList", StringComparison.Ordinal) ? "a list"
                : "a value of another type";
            return $"expected {type}";
        }
        int path = message.IndexOf(" Path:", StringComparison.Ordinal);
        return path > 0 ? message[..path] : message;
    }
}
