using PipelineExtensions.Options;

namespace PipelineExtensions.Data.Splits;

/// <summary>Options of <c>ctx.Data.StratifiedTrainValidationSplit</c>.</summary>
public sealed class StratifiedSplitOptions : StratificationOptions
{
    private double _validationFraction = 0.2;

    /// <summary>Share of the rows that go to validation, in (0, 1). Default 0.2.</summary>
    public double ValidationFraction
    {
        get => _validationFraction;
        set
        {
            Check.InRange(value, 0, 1);
            if (value is 0 or 1)
                throw new ArgumentOutOfRangeException(nameof(ValidationFraction), value, $"ValidationFraction must be strictly between 0 and 1, got {value}.");
            _validationFraction = value;
        }
    }
}
