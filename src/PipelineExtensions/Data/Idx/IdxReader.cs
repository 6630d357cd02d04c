using System.Buffers.Binary;
using System.IO.Compression;

namespace PipelineExtensions.Data.Idx;

/// <summary>The element types of the IDX format (third byte of the magic number).</summary>
internal enum IdxDataType : byte
{
    UInt8 = 0x08,
    Int8 = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Float32 = 0x0D,
    Float64 = 0x0E,
}

/// <summary>One IDX array: its element type, its dimensions and its raw (big-endian) payload.</summary>
internal sealed class IdxArray(IdxDataType dataType, int[] dimensions, byte[] payload)
{
    public IdxDataType DataType { get; } = dataType;

    public int[] Dimensions { get; } = dimensions;

    public byte[] Payload { get; } = payload;

    /// <summary>The payload already converted to float32 (divided by <see cref="SinglesDivisor"/>) while it was read, if requested.</summary>
    public float[]? Singles { get; init; }

    public float? SinglesDivisor { get; init; }

    public int Count => Dimensions[0];

    public string Shape => string.Join("x", Dimensions);
}

/// <summary>
/// Reads the IDX format of MNIST / Fashion-MNIST (yann.lecun.com/exdb/mnist): a magic number
/// (0x00 0x00 type ndim), ndim big-endian int32 dimensions, then the elements, row-major and big-endian.
/// Gzip-compressed files are recognised by their own magic bytes (0x1F 0x8B).
/// </summary>
internal static class IdxReader
{
    public const int MaxDimensions = 4;

    public static IdxArray Read(string path, float? pixelDivisor = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path, pixelDivisor);
    }

    /// <summary>
    /// Reads an IDX array. With <paramref name="pixelDivisor"/>, unsigned-byte data of two or more dimensions is
    /// also converted to float32 (divided by it) chunk by chunk while the rest is still being read and
    /// decompressed, so the conversion runs on another core instead of after the read.
    /// </summary>
    public static IdxArray Read(Stream stream, string source, float? pixelDivisor = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> magic = stackalloc byte[2];
        int got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        var prefix = new MemoryStream(magic[..got].ToArray());
        bool gzip = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        Stream body = new PrefixedStream(prefix, stream);
        if (gzip)
            body = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            using (body)
                return ReadUncompressed(body, source, gzip, pixelDivisor);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(source, $"the gzip stream is damaged ({e.Message}).", inner: e);
        }
    }

    private static IdxArray ReadUncompressed(Stream stream, string source, bool gzip, float? pixelDivisor)
    {
        Span<byte> header = stackalloc byte[4];
        int got = stream.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        if (got < 4)
            throw new DataFormatException(source, $"truncated: {got} bytes, shorter than the 4-byte IDX magic number.");
        if (header[0] != 0 || header[1] != 0)
            throw new DataFormatException(source,
                $"wrong magic number 0x{header[0]:X2}{header[1]:X2}{header[2]:X2}{header[3]:X2}: not an IDX file (it must start with two zero bytes, a type code and the number of dimensions){(gzip ? " inside the gzip stream" : "")}.");
        var type = (IdxDataType)header[2];
        if (!Enum.IsDefined(type))
            throw new DataFormatException(source, $"unknown IDX element type code 0x{header[2]:X2} (known: 0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64).");
        int ndim = header[3];
        if (ndim is < 1 or > MaxDimensions)
            throw new DataFormatException(source, $"{ndim} dimensions; this reader supports 1 to {MaxDimensions} (labels N, images NxHxW or NxCxHxW).");

        Span<byte> dimBytes = stackalloc byte[4 * MaxDimensions];
        got = stream.ReadAtLeast(dimBytes[..(4 * ndim)], 4 * ndim, throwOnEndOfStream: false);
        if (got < 4 * ndim)
            throw new DataFormatException(source, $"truncated in the header: {ndim} dimensions declared but only {got} of their {4 * ndim} bytes present.");
        var dims = new int[ndim];
        long elements = 1;
        for (int d = 0; d < ndim; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dimBytes[(4 * d)..]);
            if (size > int.MaxValue || (size == 0 && d > 0))
                throw new DataFormatException(source, $"dimension {d} has size {size}, which is not a valid array size.");
            dims[d] = (int)size;
            elements *= size;
            if (elements > Array.MaxLength)
                break;
        }
        long bytes = elements * ElementSize(type);
        if (bytes > Array.MaxLength)
            throw new DataFormatException(source, $"shape {string.Join("x", dims)} of {type} needs {bytes} bytes, more than one array can hold.");

        var payload = GC.AllocateUninitializedArray<byte>((int)bytes);
        float[]? singles = null;
        if (pixelDivisor is { } divisor && type == IdxDataType.UInt8 && ndim >= 2)
        {
            singles = GC.AllocateUninitializedArray<float>(payload.Length);
            got = ReadConverting(stream, payload, singles, divisor);
        }
        else
        {
            got = stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
        }
        if (got < payload.Length)
            throw new DataFormatException(source,
                $"truncated: shape {string.Join("x", dims)} of {type} needs {payload.Length} data bytes after the header, found {got}{(gzip ? " (after decompression)" : "")}.");
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
            throw new DataFormatException(source, $"has data beyond the {payload.Length} bytes that shape {string.Join("x", dims)} of {type} declares.");
        return new IdxArray(type, dims, payload) { Singles = singles, SinglesDivisor = pixelDivisor };
    }

    private const int ConvertChunk = 1 << 20;

    /// <summary>Reads the payload in chunks, converting each finished chunk to float32 on the thread pool.</summary>
    private static int ReadConverting(Stream stream, byte[] payload, float[] singles, float divisor)
    {
        var pending = new List<Task>();
        int got = 0;
        try
        {
            while (got < payload.Length)
            {
                int n = stream.ReadAtLeast(payload.AsSpan(got, Math.Min(ConvertChunk, payload.Length - got)), 1, throwOnEndOfStream: false);
                if (n == 0)
                    break;
                int start = got;
                pending.Add(Task.Run(() => PixelConverter.BytesToSingles(payload.AsSpan(start, n), singles.AsSpan(start, n), divisor)));
                got += n;
            }
        }
        finally
        {
            Task.WaitAll(pending);
        }
        return got;
    }

    public static int ElementSize(IdxDataType type) => type switch
    {
        IdxDataType.UInt8 or IdxDataType.Int8 => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Element <paramref name="i"/> as a double (big-endian decode).</summary>
    public static double ElementAt(IdxArray array, long i)
    {
        var p = array.Payload.AsSpan();
        return array.DataType switch
        {
            IdxDataType.UInt8 => p[(int)i],
            IdxDataType.Int8 => (sbyte)p[(int)i],
            IdxDataType.Int16 => BinaryPrimitives.ReadInt16BigEndian(p[(int)(2 * i)..]),
            IdxDataType.Int32 => BinaryPrimitives.ReadInt32BigEndian(p[(int)(4 * i)..]),
            IdxDataType.Float32 => BinaryPrimitives.ReadSingleBigEndian(p[(int)(4 * i)..]),
            _ => BinaryPrimitives.ReadDoubleBigEndian(p[(int)(8 * i)..]),
        };
    }

    /// <summary>Reads a sniffed prefix, then the rest of the underlying stream (so non-seekable streams work).</summary>
    private sealed class PrefixedStream(MemoryStream prefix, Stream rest) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = prefix.Read(buffer);
            return n > 0 ? n : rest.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
