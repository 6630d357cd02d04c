using PipelineExtensions.Options;

namespace PipelineExtensions.Data.Splits;

/// <summary>Options of <c>ctx.Data.StratifiedKFold</c>.</summary>
public sealed class StratifiedKFoldOptions
{
    private string _labelColumnName = "Label";
    private int _folds = 5;

    /// <summary>The column whose classes are kept in proportion: Key, Text, Int32 or Boolean. Default <c>"Label"</c>.</summary>
    public string LabelColumnName
    {
        get => _labelColumnName;
        set => _labelColumnName = Check.NotEmpty(value);
    }

    /// <summary>Number of folds k, at least 2. Default 5.</summary>
    public int Folds
    {
        get => _folds;
        set => _folds = Check.InRange(value, 2, int.MaxValue);
    }

    /// <summary>Seed of the row shuffle. Default null: the next component seed of the context.</summary>
    public int? Seed { get; set; }
}
