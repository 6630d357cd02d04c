namespace PipelineExtensions.Neural.Tensors;

/// <summary>
/// Tensors of incompatible shapes met in an operation or layer. The message names the operation and both
/// shapes, e.g. <c>Dense(784 → 256): input [128, 100] does not match weight [256, 784]</c>.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception with a message that names the shapes.</summary>
    public ShapeMismatchException(string message) : base(message)
    {
    }

    /// <summary>Creates the standard message "<paramref name="operation"/>: <paramref name="what"/> (<paramref name="first"/> vs <paramref name="second"/>)".</summary>
    public ShapeMismatchException(string operation, TensorShape first, TensorShape second, string what)
        : base($"{operation}: {what} (shapes {first} and {second}).")
    {
    }
}
