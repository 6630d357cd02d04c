namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// Splits work into blocks whose boundaries depend only on the problem size (never on the number of threads),
/// then runs the blocks on up to <c>threads</c> threads. Every value is therefore computed by the same
/// sequence of floating-point operations whatever the thread count: results are bit-identical on 1 or N threads.
/// </summary>
internal static class CpuParallel
{
    /// <summary>Runs <paramref name="body"/>(block) for block in [0, blocks), in parallel when worthwhile.</summary>
    public static void For(int threads, int blocks, Action<int> body)
    {
        if (threads <= 1 || blocks <= 1)
        {
            for (int i = 0; i < blocks; i++)
                body(i);
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, length) in fixed blocks of <paramref name="grain"/> elements
    /// (the last one shorter); single-threaded when the whole range is one block.
    /// </summary>
    public static void ForRange(int threads, int length, int grain, Action<int, int> body)
    {
        int blocks = (int)(((long)length + grain - 1) / grain);
        if (threads <= 1 || blocks <= 1)
        {
            body(0, length);
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            int start = b * grain;
            body(start, Math.Min(length, start + grain));
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, count) in <c>min(threads, count)</c> contiguous parts of
    /// near-equal size. Only for work whose result does not depend on how it is split (each item written by one part).
    /// </summary>
    public static void ForParts(int threads, int count, Action<int, int> body)
    {
        int parts = Math.Min(threads, count);
        if (parts <= 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
        {
            int start = (int)((long)count * p / parts);
            int end = (int)((long)count * (p + 1) / parts);
            body(start, end);
        });
    }
}
