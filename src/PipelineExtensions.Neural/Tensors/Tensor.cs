using PipelineExtensions.Neural.Autograd;
using PipelineExtensions.Neural.Devices;

namespace PipelineExtensions.Neural.Tensors;

/// <summary>
/// A contiguous float32 tensor on a <see cref="Devices.Device"/>, with optional gradient tracking.
/// Operations live in <see cref="Autograd.Functional"/> (and as operators here); <see cref="Backward"/> runs
/// reverse-mode differentiation and accumulates into <see cref="Grad"/> of every leaf that requires it.
/// </summary>
/// <remarks>
/// Memory: a tensor created while a <see cref="TensorScope"/> is open belongs to that scope and is released
/// when it closes (training loops open one per step, so steady-state training allocates nothing). Parameters,
/// gradients and optimizer state are persistent. Outside any scope the garbage collector reclaims memory.
/// Host data enters and leaves only through <see cref="FromArray(float[], int[])"/>, <see cref="CopyFrom(ReadOnlySpan{float})"/>,
/// <see cref="CopyTo"/> and <see cref="ToArray"/>.
/// </remarks>
public sealed class Tensor : IDisposable
{
    private Storage? _storage;
    private bool _requiresGrad;

    internal Tensor(Storage storage, TensorShape shape)
    {
        if (storage.Length < shape.Size)
            throw new ArgumentException($"Storage of {storage.Length} values cannot hold shape {shape}.");
        _storage = storage;
        Shape = shape;
    }

    /// <summary>The dimensions.</summary>
    public TensorShape Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The device holding the values.</summary>
    public Device Device => Storage.Device;

    /// <summary>An optional name used in error messages (parameters are named by their module).</summary>
    public string? Name { get; set; }

    internal Storage Storage => _storage ?? throw new ObjectDisposedException(
        nameof(Tensor), $"The tensor{(Name is null ? "" : " '" + Name + "'")} of shape {Shape} was released (its TensorScope closed or it was disposed).");

    /// <summary>True once the tensor's memory was released.</summary>
    public bool IsDisposed => _storage is null;

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on leaves (tensors not produced by a tracked operation);
    /// results of operations require a gradient when any input does and gradient mode is on.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
                throw new InvalidOperationException("A tensor produced by a tracked operation cannot stop requiring a gradient; use Detach().");
            _requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient of a leaf after <see cref="Backward"/> (null until the first one).</summary>
    public Tensor? Grad { get; internal set; }

    /// <summary>True when no tracked operation produced this tensor.</summary>
    public bool IsLeaf => GradFn is null;

    internal GradNode? GradFn { get; set; }

    // Gradient flowing into a non-leaf during one backward pass.
    internal Tensor? PendingGrad { get; set; }

    // ---------------------------------------------------------------- creation

    /// <summary>A tensor with undefined contents (every element must be written before it is read).</summary>
    public static Tensor Empty(TensorShape shape, Device? device = null) => Create(shape, device, persistent: false);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(TensorShape shape, Device? device = null) => Full(shape, 0f, device);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(TensorShape shape, Device? device = null) => Full(shape, 1f, device);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(TensorShape shape, float value, Device? device = null)
    {
        var t = Empty(shape, device);
        t.Device.Fill(t.Storage, 0, t.Size, value);
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/> (length must equal the shape's size).</summary>
    /// <exception cref="ShapeMismatchException">The number of values does not match the shape.</exception>
    public static Tensor FromArray(float[] values, params int[] shape) => FromSpan(values, new TensorShape(shape));

    /// <summary>A tensor holding a copy of <paramref name="values"/> on <paramref name="device"/>.</summary>
    /// <exception cref="ShapeMismatchException">The number of values does not match the shape.</exception>
    public static Tensor FromSpan(ReadOnlySpan<float> values, TensorShape shape, Device? device = null)
    {
        if (values.Length != shape.Size)
            throw new ShapeMismatchException($"Tensor.FromArray: {values.Length} values cannot fill shape {shape} ({shape.Size} values).");
        var t = Empty(shape, device);
        t.Device.Upload(values, t.Storage, 0);
        return t;
    }

    /// <summary>A one-element tensor.</summary>
    public static Tensor Scalar(float value, Device? device = null) => Full(TensorShape.Scalar, value, device);

    internal static Tensor Create(TensorShape shape, Device? device, bool persistent)
    {
        var d = device ?? Device.Default;
        var t = new Tensor(d.Allocate(Math.Max(shape.Size, 1)), shape);
        if (!persistent)
            TensorScope.Track(t);
        return t;
    }

    /// <summary>A tensor that no <see cref="TensorScope"/> releases (for state kept across steps).</summary>
    internal static Tensor CreatePersistent(TensorShape shape, Device? device) => Create(shape, device, persistent: true);

    // ---------------------------------------------------------------- host transfer

    /// <summary>Copies the values to a new host array.</summary>
    public float[] ToArray()
    {
        var a = new float[Size];
        CopyTo(a);
        return a;
    }

    /// <summary>Copies the values into <paramref name="destination"/> (at least <see cref="Size"/> long).</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException($"Destination of {destination.Length} values is too small for tensor {Shape}.", nameof(destination));
        Device.Download(Storage, 0, destination[..Size]);
    }

    /// <summary>Overwrites the values from a host span of exactly <see cref="Size"/> values (no gradient is recorded).</summary>
    public void CopyFrom(ReadOnlySpan<float> source)
    {
        if (source.Length != Size)
            throw new ShapeMismatchException($"Tensor.CopyFrom: {source.Length} values cannot fill shape {Shape} ({Size} values).");
        Device.Upload(source, Storage, 0);
    }

    /// <summary>Overwrites the values with those of <paramref name="source"/> (same shape, same device; no gradient).</summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Shape != Shape)
            throw new ShapeMismatchException("Tensor.CopyFrom", source.Shape, Shape, "source and destination shapes differ");
        if (source.Device != Device)
            throw new ArgumentException($"Tensor.CopyFrom: source is on {source.Device}, destination on {Device}.", nameof(source));
        Device.Copy(source.Storage, 0, Storage, 0, Size);
    }

    /// <summary>The single value of a one-element tensor (a host read).</summary>
    public float Item()
    {
        if (Size != 1)
            throw new InvalidOperationException($"Item() needs a one-element tensor, got shape {Shape}.");
        Span<float> v = stackalloc float[1];
        Device.Download(Storage, 0, v);
        return v[0];
    }

    /// <summary>Sets every element to <paramref name="value"/> in place (no gradient is recorded).</summary>
    public void Fill(float value) => Device.Fill(Storage, 0, Size, value);

    // ---------------------------------------------------------------- views

    /// <summary>
    /// The same values with another shape (shares memory; no copy). One dimension may be −1 (inferred).
    /// Gradients flow back through the view.
    /// </summary>
    public Tensor Reshape(params int[] shape) => Functional.Reshape(this, shape);

    /// <summary>A view that shares memory but is cut from the graph (no gradient flows through it).</summary>
    public Tensor Detach()
    {
        Storage.AddReference();
        var t = new Tensor(Storage, Shape);
        TensorScope.Track(t);
        return t;
    }

    internal Tensor ViewAs(TensorShape shape)
    {
        Storage.AddReference();
        return new Tensor(Storage, shape);
    }

    // ---------------------------------------------------------------- autograd

    /// <summary>
    /// Runs reverse-mode differentiation from this tensor: every leaf that requires a gradient gets
    /// ∂this/∂leaf added to its <see cref="Grad"/>. A non-scalar tensor needs an explicit output gradient.
    /// The graph is freed afterwards unless <paramref name="retainGraph"/> is set.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) => BackwardEngine.Run(this, gradient, retainGraph);

    /// <summary>Clears the gradient of this leaf (sets it to zeros, keeping its memory).</summary>
    public void ZeroGrad() => Grad?.Fill(0f);

    // ---------------------------------------------------------------- operators

    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Functional.Add(a, b);

    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Functional.Subtract(a, b);

    /// <summary>Element-wise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Functional.Multiply(a, b);

    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Functional.Divide(a, b);

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(Tensor a, float s) => Functional.Affine(a, s, 0f);

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(float s, Tensor a) => Functional.Affine(a, s, 0f);

    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, float s) => Functional.Affine(a, 1f, s);

    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => Functional.Affine(a, -1f, 0f);

    // ---------------------------------------------------------------- lifetime

    /// <summary>Releases the memory now (idempotent). Using the tensor afterwards throws.</summary>
    public void Dispose()
    {
        var s = Interlocked.Exchange(ref _storage, null);
        s?.ReleaseReference();
        GradFn = null;
        PendingGrad = null;
    }

    /// <summary>Shape, device and, when small, the values.</summary>
    public override string ToString()
    {
        if (IsDisposed)
            return $"Tensor{Shape} (released)";
        string values = Size <= 16 ? " {" + string.Join(", ", ToArray().Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + "}" : "";
        return $"Tensor{Shape} on {Device}{values}";
    }
}
