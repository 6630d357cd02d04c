using PipelineExtensions.Randomness;

namespace PipelineExtensions.Data.Splits;

/// <summary>
/// Groups rows by class and assigns them to validation sets so that every class keeps its share: the
/// arithmetic behind the stratified split and k-fold.
/// </summary>
internal static class Stratification
{
    /// <summary>The rows of each class (stratum) of <paramref name="column"/>, ascending; missing labels form their own stratum.</summary>
    public static List<int[]> Strata(DataTable data, string column, string step)
    {
        data.Schema.Require(column, t => t is KeyType or TextType || t == ColumnType.Int32 || t == ColumnType.Boolean, "Key, Text, Int32 or Boolean", step);
        var col = data.GetColumn(column);
        int n = col.Length;
        var ids = new int[n];
        int strata;
        switch (col)
        {
            case KeyColumn key:
                for (int i = 0; i < n; i++)
                    ids[i] = key[i] + 1; // −1 (missing) → 0
                strata = key.KeyType.Count + 1;
                break;
            default:
                var map = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < n; i++)
                {
                    string value = col is TextColumn t ? t[i] ?? "\0<missing>" : col.FormatValue(i);
                    if (!map.TryGetValue(value, out ids[i]))
                        map[value] = ids[i] = map.Count;
                }
                strata = map.Count;
                break;
        }
        var counts = new int[strata];
        foreach (int id in ids)
            counts[id]++;
        var rows = counts.Select(c => new int[c]).ToArray();
        var fill = new int[strata];
        for (int i = 0; i < n; i++)
            rows[ids[i]][fill[ids[i]]++] = i;
        return rows.Where(r => r.Length > 0).ToList();
    }

    /// <summary>
    /// How many rows of each stratum go to validation: ⌊nᶜ·f⌋ or ⌈nᶜ·f⌉ for every class, with the total
    /// round(N·f) (largest remainders get the extra rows, ties to the earlier class).
    /// </summary>
    public static int[] Allocate(IReadOnlyList<int> counts, double fraction)
    {
        int total = counts.Sum();
        int target = (int)Math.Round(total * fraction, MidpointRounding.AwayFromZero);
        var take = new int[counts.Count];
        var remainders = new double[counts.Count];
        for (int c = 0; c < counts.Count; c++)
        {
            double exact = counts[c] * fraction;
            take[c] = (int)Math.Floor(exact);
            remainders[c] = exact - take[c];
        }
        int missing = target - take.Sum();
        foreach (int c in Enumerable.Range(0, counts.Count).OrderByDescending(c => remainders[c]).ThenBy(c => c).Take(Math.Max(0, missing)))
            take[c]++;
        return take;
    }

    public static TrainValidationSplit Split(DataTable data, StratifiedSplitOptions options, int seed)
    {
        var strata = Strata(data, options.LabelColumnName, "StratifiedTrainValidationSplit");
        var take = Allocate(strata.Select(s => s.Length).ToArray(), options.ValidationFraction);
        if (take.Sum() == 0 || take.Sum() == data.RowCount)
            throw new ArgumentException(
                $"A validation fraction of {options.ValidationFraction} of {data.RowCount} rows leaves {(take.Sum() == 0 ? "no validation" : "no training")} rows.", nameof(data));
        var random = new SeededRandom(seed);
        var isValidation = new bool[data.RowCount];
        for (int s = 0; s < strata.Count; s++)
        {
            var rows = (int[])strata[s].Clone();
            random.Shuffle(rows.AsSpan());
            for (int i = 0; i < take[s]; i++)
                isValidation[rows[i]] = true;
        }
        return Make(data, isValidation);
    }

    /// <summary>
    /// K folds: each class's rows are shuffled, the classes are laid end to end and dealt round-robin, so
    /// each class puts ⌊nᶜ/k⌋ or ⌈nᶜ/k⌉ rows into every fold and fold sizes differ by at most one.
    /// </summary>
    public static IReadOnlyList<TrainValidationSplit> KFold(DataTable data, StratifiedKFoldOptions options, int seed)
    {
        if (options.Folds > data.RowCount)
            throw new ArgumentException($"{options.Folds} folds need at least {options.Folds} rows; the table has {data.RowCount}.", nameof(data));
        var strata = Strata(data, options.LabelColumnName, "StratifiedKFold");
        var random = new SeededRandom(seed);
        var fold = new int[data.RowCount];
        int position = 0;
        foreach (var stratum in strata)
        {
            var rows = (int[])stratum.Clone();
            random.Shuffle(rows.AsSpan());
            foreach (int row in rows)
                fold[row] = position++ % options.Folds;
        }
        var result = new TrainValidationSplit[options.Folds];
        for (int k = 0; k < options.Folds; k++)
        {
            var isValidation = new bool[data.RowCount];
            for (int i = 0; i < fold.Length; i++)
                isValidation[i] = fold[i] == k;
            result[k] = Make(data, isValidation);
        }
        return result;
    }

    private static TrainValidationSplit Make(DataTable data, bool[] isValidation)
    {
        var train = new List<int>();
        var validation = new List<int>();
        for (int i = 0; i < isValidation.Length; i++)
            (isValidation[i] ? validation : train).Add(i);
        var t = train.ToArray();
        var v = validation.ToArray();
        return new TrainValidationSplit(data.Gather(t), data.Gather(v), t, v);
    }
}
