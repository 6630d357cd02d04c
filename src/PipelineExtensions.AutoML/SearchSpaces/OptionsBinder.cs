using System.Globalization;
using System.Reflection;

namespace PipelineExtensions.AutoML.SearchSpaces;

/// <summary>
/// Makes any estimator option sweepable without changing the options class: a parameter named
/// <c>prefix + "PropertyName"</c> (or a dotted path, <c>"Optimizer.LearningRate"</c>) is written to that public
/// settable property of an options object, converted to the property's type (numbers, bool, string, enums,
/// nullables). Parameters without the prefix are left alone, so one search space can feed several options objects.
/// </summary>
/// <example>
/// <code>
/// var space = new SearchSpace()
///     .AddFloat("trainer.LearningRate", 1e-4, 1e-1, log: true)
///     .AddInt("trainer.BatchSize", 32, 256, step: 32)
///     .AddFloat("smote.SamplingRatio", 0.5, 1.0);
/// IEstimator&lt;ITransformer&gt; Build(TrialParameters p) =&gt;
///     ctx.Sampling.Smote(OptionsBinder.Bind(p, new SmoteOptions(), "smote."))
///        .Append(ctx.Trainers.Mlp(OptionsBinder.Bind(p, new MlpOptions(), "trainer.")));
/// </code>
/// </example>
public static class OptionsBinder
{
    /// <summary>
    /// Writes every active parameter whose name starts with <paramref name="prefix"/> onto <paramref name="options"/>
    /// and returns it. Throws <see cref="ArgumentException"/> naming the parameter when no such property exists or
    /// the value cannot be converted; the options class's own validation runs as the property is set.
    /// </summary>
    public static T Bind<T>(TrialParameters parameters, T options, string prefix = "") where T : class
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prefix);
        foreach (var (name, value) in parameters)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            SetPath(options, name, name[prefix.Length..], value);
        }
        return options;
    }

    private static void SetPath(object target, string parameter, string path, object value)
    {
        var parts = path.Split('.');
        object current = target;
        for (int i = 0; i < parts.Length; i++)
        {
            var property = FindProperty(current.GetType(), parts[i], parameter);
            if (i < parts.Length - 1)
            {
                current = property.GetValue(current)
                    ?? throw new ArgumentException($"Parameter '{parameter}': {current.GetType().Name}.{property.Name} is null, so '{string.Join('.', parts[(i + 1)..])}' cannot be set on it.");
                continue;
            }
            if (!property.CanWrite || property.SetMethod is not { IsPublic: true })
                throw new ArgumentException($"Parameter '{parameter}': {current.GetType().Name}.{property.Name} has no public setter.");
            object converted = Convert(value, property.PropertyType, parameter, current.GetType().Name + "." + property.Name);
            try
            {
                property.SetValue(current, converted);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new ArgumentException($"Parameter '{parameter}' = {Format(value)} was rejected by {current.GetType().Name}.{property.Name}: {e.InnerException.Message}", e.InnerException);
            }
        }
    }

    private static PropertyInfo FindProperty(Type type, string name, string parameter)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        return properties.FirstOrDefault(p => p.Name == name)
            ?? properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Parameter '{parameter}': {type.Name} has no public property '{name}'. It has: {string.Join(", ", properties.Where(p => p.CanWrite).Select(p => p.Name))}.");
    }

    private static object Convert(object value, Type type, string parameter, string property)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (target.IsInstanceOfType(value))
                return value;
            if (target.IsEnum)
                return value is string s ? Enum.Parse(target, s, ignoreCase: true) : Enum.ToObject(target, System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
            if (target == typeof(string))
                return System.Convert.ToString(value, CultureInfo.InvariantCulture)!;
            if (target == typeof(TimeSpan))
                return TimeSpan.FromSeconds(System.Convert.ToDouble(value, CultureInfo.InvariantCulture));
            if (target is { IsPrimitive: true } || target == typeof(decimal))
            {
                if (IsIntegral(target) && value is double d && d != Math.Floor(d))
                    throw new InvalidCastException($"{d} is not an integer");
                return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"Parameter '{parameter}' = {Format(value)} cannot be converted to {target.Name} for {property}: {e.Message}", e);
        }
        throw new ArgumentException($"Parameter '{parameter}': {property} is a {type.Name}, which a parameter cannot set.");
    }

    private static bool IsIntegral(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte);

    private static string Format(object value) => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
