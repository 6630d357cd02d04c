using System.Collections;

namespace PipelineExtensions.Neural.Tensors;

/// <summary>
/// The dimensions of a tensor (row-major, outermost first), e.g. <c>[batch, channels, height, width]</c>.
/// Immutable; equality compares dimensions. Printed as <c>[128, 1, 28, 28]</c> in error messages.
/// </summary>
public readonly struct TensorShape : IEquatable<TensorShape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;
    private readonly int _size;

    /// <summary>The shape of a one-element scalar tensor: <c>[]</c>.</summary>
    public static TensorShape Scalar => new(Array.Empty<int>());

    /// <summary>Creates a shape; every dimension must be positive.</summary>
    /// <exception cref="ArgumentException">A dimension is zero or negative, or the element count overflows.</exception>
    public TensorShape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        long size = 1;
        foreach (int d in dimensions)
        {
            if (d <= 0)
                throw new ArgumentException($"Tensor dimensions must be positive, got [{string.Join(", ", dimensions)}].", nameof(dimensions));
            size *= d;
            if (size > Array.MaxLength)
                throw new ArgumentException($"A tensor of shape [{string.Join(", ", dimensions)}] has more elements than an array can hold.", nameof(dimensions));
        }
        _dims = (int[])dimensions.Clone();
        _size = (int)size;
    }

    private int[] Dims => _dims ?? [];

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Total number of elements (1 for a scalar shape <c>[]</c>).</summary>
    public int Size => _dims is null ? 1 : _size;

    /// <summary>Number of dimensions (same as <see cref="Rank"/>).</summary>
    public int Count => Rank;

    /// <summary>The size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => Dims[axis < 0 ? axis + Rank : axis];

    /// <summary>The dimensions as a new array.</summary>
    public int[] ToArray() => (int[])Dims.Clone();

    /// <summary>Product of the dimensions from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public int SizeOf(int start, int end)
    {
        int s = 1;
        for (int i = start; i < end; i++)
            s *= Dims[i];
        return s;
    }

    /// <summary>The shape with the first dimension replaced (e.g. another batch size).</summary>
    public TensorShape WithBatch(int batch)
    {
        var d = ToArray();
        d[0] = batch;
        return new TensorShape(d);
    }

    /// <inheritdoc/>
    public bool Equals(TensorShape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TensorShape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims)
            h.Add(d);
        return h.ToHashCode();
    }

    /// <summary>Equal dimensions.</summary>
    public static bool operator ==(TensorShape a, TensorShape b) => a.Equals(b);

    /// <summary>Different dimensions.</summary>
    public static bool operator !=(TensorShape a, TensorShape b) => !a.Equals(b);

    /// <summary>Shapes convert implicitly from dimension arrays.</summary>
    public static implicit operator TensorShape(int[] dimensions) => new(dimensions);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The shape as <c>[d0, d1, ...]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", Dims) + "]";
}
