namespace PipelineExtensions.Data;

/// <summary>
/// The type of a <see cref="DataColumn"/>: a scalar number or boolean, text, a fixed-length float vector,
/// an image (a float vector with a C×H×W shape) or a key (class index with class names).
/// </summary>
/// <remarks>Types compare by value: two <see cref="VectorType"/> of the same size are equal.</remarks>
public abstract record ColumnType
{
    /// <summary>32-bit float scalar.</summary>
    public static ScalarType Single { get; } = new(ScalarKind.Single);

    /// <summary>64-bit float scalar.</summary>
    public static ScalarType Double { get; } = new(ScalarKind.Double);

    /// <summary>32-bit signed integer scalar.</summary>
    public static ScalarType Int32 { get; } = new(ScalarKind.Int32);

    /// <summary>Boolean scalar.</summary>
    public static ScalarType Boolean { get; } = new(ScalarKind.Boolean);

    /// <summary>Text (strings, possibly null for missing values).</summary>
    public static TextType Text { get; } = new();

    /// <summary>A fixed-length float32 vector of <paramref name="size"/> elements.</summary>
    public static VectorType Vector(int size) => new(size);

    /// <summary>An image of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/> float32 values.</summary>
    public static ImageType Image(int channels, int height, int width) => new(channels, height, width);

    /// <summary>A key (class index 0..K-1) whose values have the given class names.</summary>
    public static KeyType Key(IReadOnlyList<string> classNames) => new(classNames);

    /// <summary>A short human-readable name used in error messages and <c>describe</c> output.</summary>
    public abstract string DisplayName { get; }

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}

/// <summary>The storage kinds of a <see cref="ScalarType"/>.</summary>
public enum ScalarKind
{
    /// <summary>System.Single.</summary>
    Single,
    /// <summary>System.Double.</summary>
    Double,
    /// <summary>System.Int32.</summary>
    Int32,
    /// <summary>System.Boolean.</summary>
    Boolean,
}

/// <summary>A scalar column type (float, double, int or bool).</summary>
/// <param name="Kind">The storage kind.</param>
public sealed record ScalarType(ScalarKind Kind) : ColumnType
{
    /// <inheritdoc />
    public override string DisplayName => Kind.ToString();

    /// <summary>True for the floating-point kinds, which use NaN as their missing value.</summary>
    public bool IsFloatingPoint => Kind is ScalarKind.Single or ScalarKind.Double;

    /// <summary>The CLR type that stores values of this kind.</summary>
    public Type ClrType => Kind switch
    {
        ScalarKind.Single => typeof(float),
        ScalarKind.Double => typeof(double),
        ScalarKind.Int32 => typeof(int),
        _ => typeof(bool),
    };

    internal static ScalarType For<T>() =>
        typeof(T) == typeof(float) ? Single :
        typeof(T) == typeof(double) ? Double :
        typeof(T) == typeof(int) ? Int32 :
        typeof(T) == typeof(bool) ? Boolean :
        throw new NotSupportedException($"Scalar columns hold float, double, int or bool, not {typeof(T).Name}.");
}

/// <summary>A text column type.</summary>
public sealed record TextType : ColumnType
{
    /// <inheritdoc />
    public override string DisplayName => "Text";
}

/// <summary>A fixed-length float32 vector column type.</summary>
public record VectorType : ColumnType
{
    /// <summary>Creates a vector type.</summary>
    /// <param name="size">Number of elements per row; must be positive.</param>
    public VectorType(int size)
    {
        if (size <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "A vector column needs at least one element per row.");
        Size = size;
    }

    /// <summary>Number of float elements per row.</summary>
    public int Size { get; }

    /// <inheritdoc />
    public override string DisplayName => $"Vector<Single, {Size}>";
}

/// <summary>
/// An image column type: each row is a C×H×W float32 tensor stored channel-major (CHW), like PyTorch.
/// An image is also a vector of C·H·W elements, so vector consumers (an MLP) accept it flattened.
/// </summary>
public sealed record ImageType : VectorType
{
    /// <summary>Creates an image type.</summary>
    public ImageType(int channels, int height, int width) : base(CheckedSize(channels, height, width))
    {
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Number of channels (1 grayscale, 3 RGB).</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public override string DisplayName => $"Image<{Channels}x{Height}x{Width}>";

    private static int CheckedSize(int c, int h, int w)
    {
        if (c <= 0 || h <= 0 || w <= 0)
            throw new ArgumentOutOfRangeException(nameof(c), $"Image shape must be positive, got {c}x{h}x{w}.");
        return checked(c * h * w);
    }
}

/// <summary>
/// A key column type: values are class indices 0..K-1 (−1 marks a missing or unknown value) and the type
/// keeps the class names, so predictions can be mapped back to the original labels.
/// </summary>
public sealed record KeyType : ColumnType
{
    /// <summary>Creates a key type with the given class names (distinct, at least one).</summary>
    public KeyType(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0)
            throw new ArgumentException("A key type needs at least one class name.", nameof(classNames));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in classNames)
            if (!seen.Add(name))
                throw new ArgumentException($"Class name '{name}' appears twice in the key type.", nameof(classNames));
        ClassNames = classNames.ToArray();
    }

    /// <summary>The class names; index i is the name of key value i.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes K.</summary>
    public int Count => ClassNames.Count;

    /// <summary>The index of <paramref name="className"/>, or −1 when it is not a class of this key.</summary>
    public int IndexOf(string className)
    {
        for (int i = 0; i < ClassNames.Count; i++)
            if (string.Equals(ClassNames[i], className, StringComparison.Ordinal))
                return i;
        return -1;
    }

    /// <summary>Distinct values in the library's class order: numeric when all are integers, else ordinal.</summary>
    internal static string[] SortClassNames(IEnumerable<string> values)
    {
        var names = values.Distinct(StringComparer.Ordinal).ToArray();
        var numbers = new long[names.Length];
        bool allIntegers = true;
        for (int i = 0; i < names.Length && allIntegers; i++)
            allIntegers = long.TryParse(names[i], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]);
        if (allIntegers)
            Array.Sort(numbers, names);
        else
            Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public override string DisplayName =>
        Count <= 6 ? $"Key<{Count}: {string.Join(", ", ClassNames)}>" : $"Key<{Count}: {string.Join(", ", ClassNames.Take(5))}, ...>";

    /// <inheritdoc />
    public bool Equals(KeyType? other) =>
        other is not null && ClassNames.SequenceEqual(other.ClassNames, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in ClassNames)
            hash.Add(name, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
