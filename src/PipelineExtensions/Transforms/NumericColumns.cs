using PipelineExtensions.Data;

namespace PipelineExtensions.Transforms;

/// <summary>Type tests and float views of numeric columns shared by the transforms.</summary>
internal static class NumericColumns
{
    /// <summary>Single, Double, Int32 or Boolean scalars.</summary>
    public static bool IsNumericScalar(ColumnType type) => type is ScalarType;

    /// <summary>Writes row values of a scalar column as float32 into <paramref name="destination"/> with a stride.</summary>
    public static void ScalarToSingles(DataColumn column, Span<float> destination, int offset, int stride)
    {
        int n = column.Length;
        switch (column)
        {
            case ScalarColumn<float> f:
                for (int i = 0; i < n; i++)
                    destination[i * stride + offset] = f[i];
                break;
            case ScalarColumn<double> d:
                for (int i = 0; i < n; i++)
                    destination[i * stride + offset] = (float)d[i];
                break;
            case ScalarColumn<int> v:
                for (int i = 0; i < n; i++)
                    destination[i * stride + offset] = v[i];
                break;
            case ScalarColumn<bool> b:
                for (int i = 0; i < n; i++)
                    destination[i * stride + offset] = b[i] ? 1f : 0f;
                break;
            default:
                throw new SchemaMismatchException(column.Name, "Single, Double, Int32 or Boolean", column.Type.DisplayName);
        }
    }
}
