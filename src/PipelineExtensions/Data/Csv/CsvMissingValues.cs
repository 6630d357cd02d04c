using System.Text;

namespace PipelineExtensions.Data.Csv;

/// <summary>Recognises missing fields: the empty unquoted field and the configured markers (e.g. NA).</summary>
internal sealed class CsvMissingValues(IEnumerable<string> markers)
{
    private readonly byte[][] _markers = markers.Where(m => m.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();

    public bool IsMissing(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0)
            return true;
        foreach (var marker in _markers)
            if (marker.Length == value.Length && value.SequenceEqual(marker))
                return true;
        return false;
    }
}
