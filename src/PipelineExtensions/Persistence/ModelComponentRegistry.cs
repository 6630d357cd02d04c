using System.Collections.Concurrent;
using System.Reflection;

namespace PipelineExtensions.Persistence;

/// <summary>
/// Finds the class behind a component id when a model file is loaded: classes marked with
/// <see cref="ModelComponentAttribute"/> in loaded assemblies (and in the assembly the file names).
/// Only such classes are ever instantiated from a file.
/// </summary>
internal static class ModelComponentRegistry
{
    private static readonly ConcurrentDictionary<string, (Type Type, ModelComponentAttribute Attribute)> Components = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Assembly, bool> Scanned = new();

    public static ModelComponentAttribute AttributeOf(Type type) =>
        (type.IsGenericType ? type.GetGenericTypeDefinition() : type).GetCustomAttribute<ModelComponentAttribute>()
        ?? throw new InvalidOperationException(
            $"{type.FullName} cannot be saved: mark the class with [ModelComponent(\"id\")] and give it a static Load(ModelLoadContext) method.");

    public static object Load(ModelLoadContext context)
    {
        var (type, attribute) = Find(context);
        if (context.Version > attribute.Version)
            throw new ModelFormatException(
                $"Component '{context.ComponentId}' was saved in format version {context.Version}, newer than this library supports ({attribute.Version}). Update PipelineExtensions to load this model.");
        var closed = type.IsGenericTypeDefinition
            ? type.MakeGenericType(type.GetGenericArguments().Select(_ => typeof(Pipeline.ITransformer)).ToArray())
            : type;
        var load = closed.GetMethod("Load", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(ModelLoadContext)])
            ?? throw new InvalidOperationException($"{type.FullName} has [ModelComponent] but no static Load(ModelLoadContext) method.");
        try
        {
            return load.Invoke(null, [context]) ?? throw context.Corrupt("a loader that returned nothing");
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            if (e.InnerException is ModelFormatException)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw new ModelFormatException($"Component '{context.ComponentId}' could not be loaded: {e.InnerException.Message}", e.InnerException);
        }
    }

    private static (Type, ModelComponentAttribute) Find(ModelLoadContext context)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            Scan(assembly);
        if (Components.TryGetValue(context.ComponentId, out var found))
            return found;
        throw new ModelFormatException(
            $"Unknown model component '{context.ComponentId}'. The assembly that defines it is not loaded; reference it (e.g. PipelineExtensions.Neural for neural models) before loading the file.");
    }

    internal static void Scan(Assembly assembly)
    {
        if (!Scanned.TryAdd(assembly, true) || assembly.IsDynamic)
            return;
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;
        }
        foreach (var type in types)
        {
            var attribute = type?.GetCustomAttribute<ModelComponentAttribute>(inherit: false);
            if (type is null || attribute is null)
                continue;
            if (Components.TryGetValue(attribute.Id, out var existing) && existing.Type != type)
                throw new InvalidOperationException($"Model component id '{attribute.Id}' is used by both {existing.Type.FullName} and {type.FullName}.");
            Components[attribute.Id] = (type, attribute);
        }
    }
}
