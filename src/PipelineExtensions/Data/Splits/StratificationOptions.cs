using PipelineExtensions.Options;

namespace PipelineExtensions.Data.Splits;

/// <summary>What the stratified split and k-fold share: the class column and the seed.</summary>
public abstract class StratificationOptions
{
    private string _labelColumnName = "Label";

    /// <summary>The column whose classes are kept in proportion: Key, Text, Int32 or Boolean. Default <c>"Label"</c>.</summary>
    public string LabelColumnName
    {
        get => _labelColumnName;
        set => _labelColumnName = Check.NotEmpty(value);
    }

    /// <summary>Seed of the row shuffle. Default null: the next component seed of the context.</summary>
    public int? Seed { get; set; }
}
