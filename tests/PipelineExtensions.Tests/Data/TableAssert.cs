using PipelineExtensions.Data;

namespace PipelineExtensions.Tests.Data;

/// <summary>Exact table comparison: same schema, and every value equal bit for bit (NaN payloads included).</summary>
internal static class TableAssert
{
    public static void Identical(DataTable expected, DataTable actual)
    {
        Assert.True(expected.Schema.SameAs(actual.Schema), $"Schemas differ:\n  expected {expected.Schema}\n  actual   {actual.Schema}");
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            var (e, a) = (expected.Columns[c], actual.Columns[c]);
            switch (e)
            {
                case ScalarColumn<float> f:
                    Assert.Equal(f.Values.ToArray().Select(BitConverter.SingleToInt32Bits), ((ScalarColumn<float>)a).Values.ToArray().Select(BitConverter.SingleToInt32Bits));
                    break;
                case ScalarColumn<double> d:
                    Assert.Equal(d.Values.ToArray().Select(BitConverter.DoubleToInt64Bits), ((ScalarColumn<double>)a).Values.ToArray().Select(BitConverter.DoubleToInt64Bits));
                    break;
                case ScalarColumn<int> i:
                    Assert.Equal(i.Values.ToArray(), ((ScalarColumn<int>)a).Values.ToArray());
                    break;
                case ScalarColumn<bool> b:
                    Assert.Equal(b.Values.ToArray(), ((ScalarColumn<bool>)a).Values.ToArray());
                    break;
                case TextColumn t:
                    Assert.Equal(t.Values.ToArray().Select(Show), ((TextColumn)a).Values.ToArray().Select(Show));
                    break;
                case KeyColumn k:
                    Assert.Equal(k.Keys.ToArray(), ((KeyColumn)a).Keys.ToArray());
                    break;
                case VectorColumn v:
                    Assert.Equal(v.Data.ToArray().Select(BitConverter.SingleToInt32Bits), ((VectorColumn)a).Data.ToArray().Select(BitConverter.SingleToInt32Bits));
                    break;
                default:
                    throw new NotSupportedException(e.GetType().Name);
            }
        }
    }

    private static string Show(string? s) => s is null ? "<null>" : $"[{s}]";
}
