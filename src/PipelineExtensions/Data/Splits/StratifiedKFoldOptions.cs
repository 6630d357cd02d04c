using PipelineExtensions.Options;

namespace PipelineExtensions.Data.Splits;

/// <summary>Options of <c>ctx.Data.StratifiedKFold</c>.</summary>
public sealed class StratifiedKFoldOptions : StratificationOptions
{
    private int _folds = 5;

    /// <summary>Number of folds k, at least 2. Default 5.</summary>
    public int Folds
    {
        get => _folds;
        set => _folds = Check.InRange(value, 2, int.MaxValue);
    }
}
