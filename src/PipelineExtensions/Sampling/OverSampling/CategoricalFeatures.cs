using PipelineExtensions.Data;

namespace PipelineExtensions.Sampling;

/// <summary>
/// The categorical features of a SMOTE-NC input as integer codes per row (one code per distinct value, in order of
/// first appearance), with the way back from a code to a column value.
/// </summary>
internal sealed class CategoricalFeatures
{
    private CategoricalFeatures(int[][] codes, int[] cardinalities, Func<int[], DataColumn>?[] rebuild, int[] vectorIndices, float[][] vectorValues)
    {
        Codes = codes;
        Cardinalities = cardinalities;
        Rebuild = rebuild;
        VectorIndices = vectorIndices;
        VectorValues = vectorValues;
    }

    /// <summary>Per categorical feature (vector elements first, then columns), the code of each row.</summary>
    public int[][] Codes { get; }

    /// <summary>Per categorical feature, the number of distinct values.</summary>
    public int[] Cardinalities { get; }

    /// <summary>Per feature, for column features: a column from per-output-row codes; null for vector elements.</summary>
    public Func<int[], DataColumn>?[] Rebuild { get; }

    /// <summary>The vector elements that are categorical.</summary>
    public int[] VectorIndices { get; }

    /// <summary>Per vector-element feature, the float value of each code.</summary>
    public float[][] VectorValues { get; }

    public int Count => Codes.Length;

    public static CategoricalFeatures Encode(SamplerData data, IReadOnlyList<int> vectorIndices, IReadOnlyList<string> columns)
    {
        int n = data.RowCount, d = data.Dimension;
        var codes = new List<int[]>();
        var cards = new List<int>();
        var rebuild = new List<Func<int[], DataColumn>?>();
        var vectorValues = new List<float[]>();
        var x = data.Features.Data;
        foreach (int j in vectorIndices)
        {
            var map = new Dictionary<float, int>();
            var values = new List<float>();
            var rowCodes = new int[n];
            for (int i = 0; i < n; i++)
            {
                float v = x[i * d + j];
                if (!map.TryGetValue(v, out int code))
                {
                    map[v] = code = values.Count;
                    values.Add(v);
                }
                rowCodes[i] = code;
            }
            codes.Add(rowCodes);
            cards.Add(values.Count);
            rebuild.Add(null);
            vectorValues.Add(values.ToArray());
        }
        foreach (var name in columns)
        {
            var column = data.Table.GetColumn(name);
            switch (column)
            {
                case KeyColumn k:
                    Add(k.Keys.ToArray(), v => new KeyColumn(name, k.KeyType, v));
                    break;
                case TextColumn t:
                    Add(t.Values.ToArray(), v => new TextColumn(name, v));
                    break;
                case ScalarColumn<int> s:
                    Add(s.Values.ToArray(), v => new ScalarColumn<int>(name, v));
                    break;
                case ScalarColumn<bool> b:
                    Add(b.Values.ToArray(), v => new ScalarColumn<bool>(name, v));
                    break;
                default:
                    throw new SchemaMismatchException(name, "Key, Text, Int32 or Boolean (a categorical column)", column.Type.DisplayName, "SMOTE-NC");
            }
        }
        return new CategoricalFeatures(codes.ToArray(), cards.ToArray(), rebuild.ToArray(), vectorIndices.ToArray(), vectorValues.ToArray());

        void Add<T>(T[] values, Func<T[], DataColumn> make)
        {
            var map = new Dictionary<NullableKey<T>, int>();
            var distinct = new List<T>();
            var rowCodes = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                var key = new NullableKey<T>(values[i]);
                if (!map.TryGetValue(key, out int code))
                {
                    map[key] = code = distinct.Count;
                    distinct.Add(values[i]);
                }
                rowCodes[i] = code;
            }
            codes.Add(rowCodes);
            cards.Add(distinct.Count);
            rebuild.Add(outCodes => make(outCodes.Select(c => distinct[c]).ToArray()));
        }
    }

    // Dictionary keys may not be null; text columns have null (missing) values, which form a category of their own.
    private readonly record struct NullableKey<T>(T Value);
}
