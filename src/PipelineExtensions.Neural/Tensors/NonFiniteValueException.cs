namespace PipelineExtensions.Neural.Tensors;

/// <summary>
/// A NaN or infinity was found by a numeric check (<see cref="NumericCheck"/>): the message names where
/// (input, layer output, loss, gradient), the shape and how many values were not finite.
/// </summary>
public sealed class NonFiniteValueException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    public NonFiniteValueException(string location, TensorShape shape, long count)
        : base($"{location}: {count} of {shape.Size} values of the tensor of shape {shape} are NaN or infinite.")
    {
        Location = location;
        Shape = shape;
        Count = count;
    }

    /// <summary>Where the values were found, e.g. "input of layer 3 (Dense)".</summary>
    public string Location { get; }

    /// <summary>The shape of the checked tensor.</summary>
    public TensorShape Shape { get; }

    /// <summary>How many values were NaN or infinite.</summary>
    public long Count { get; }
}
