namespace PipelineExtensions.Persistence;

/// <summary>
/// Marks a transformer (or other saved component) with the stable identifier written into model files.
/// The class must also have a static <c>Load(ModelLoadContext)</c> method that rebuilds it.
/// </summary>
/// <example>
/// <code>
/// [ModelComponent("mylib.clip", Version = 1)]
/// public sealed class ClipTransformer : ITransformer
/// {
///     public void Save(ModelSaveContext context) => context.Set("max", Max);
///     public static ClipTransformer Load(ModelLoadContext context) => new(context.GetDouble("max"));
///     ...
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelComponentAttribute(string id) : Attribute
{
    /// <summary>The identifier written into model files; keep it stable across releases.</summary>
    public string Id { get; } = string.IsNullOrWhiteSpace(id) ? throw new ArgumentException("A component id must not be empty.", nameof(id)) : id;

    /// <summary>
    /// The component's current format version. Files written with a newer version than this library knows
    /// are refused with a clear error; the loader sees the file's version in <see cref="ModelLoadContext.Version"/>.
    /// </summary>
    public int Version { get; init; } = 1;
}
