namespace PipelineExtensions.Neural.Devices;

/// <summary>Element-wise functions of one tensor that backends implement (forward and derivative).</summary>
public enum UnaryOp
{
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>x for x ≥ 0, α·x otherwise (α passed as the op's parameter).</summary>
    LeakyRelu,
    /// <summary>x·Φ(x) with the exact normal CDF (PyTorch's default GELU).</summary>
    Gelu,
    /// <summary>1 / (1 + e^−x).</summary>
    Sigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>e^x.</summary>
    Exp,
    /// <summary>Natural logarithm.</summary>
    Log,
    /// <summary>−x.</summary>
    Negate,
    /// <summary>|x| (derivative sign(x), 0 at 0).</summary>
    Abs,
    /// <summary>x².</summary>
    Square,
    /// <summary>√x.</summary>
    Sqrt,
}

/// <summary>Element-wise functions of two tensors (with NumPy broadcasting) that backends implement.</summary>
public enum BinaryOp
{
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a − b.</summary>
    Subtract,
    /// <summary>a · b.</summary>
    Multiply,
    /// <summary>a / b.</summary>
    Divide,
}

/// <summary>Reductions of a whole tensor to one number.</summary>
public enum ReduceOp
{
    /// <summary>Σ x.</summary>
    Sum,
    /// <summary>Σ x².</summary>
    SumOfSquares,
    /// <summary>Σ |x|.</summary>
    SumOfAbs,
    /// <summary>max |x|.</summary>
    MaxAbs,
}
