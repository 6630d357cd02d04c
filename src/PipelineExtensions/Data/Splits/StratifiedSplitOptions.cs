using PipelineExtensions.Options;

namespace PipelineExtensions.Data.Splits;

/// <summary>Options of <c>ctx.Data.StratifiedTrainValidationSplit</c>.</summary>
public sealed class StratifiedSplitOptions
{
    private string _labelColumnName = "Label";
    private double _validationFraction = 0.2;

    /// <summary>The column whose classes are kept in proportion: Key, Text, Int32 or Boolean. Default <c>"Label"</c>.</summary>
    public string LabelColumnName
    {
        get => _labelColumnName;
        set => _labelColumnName = Check.NotEmpty(value);
    }

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

    /// <summary>Seed of the row shuffle. Default null: the next component seed of the context.</summary>
    public int? Seed { get; set; }
}
