namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// Splits work into blocks whose boundaries depend only on the problem size (never on the number of threads),
/// then runs the blocks on up to <c>threads</c> threads of a <see cref="WorkerTeam"/>. Every value is therefore
/// computed by the same sequence of floating-point operations whatever the thread count: results are
/// bit-identical on 1 or N threads.
/// </summary>
internal static class CpuParallel
{
    /// <summary>Runs <paramref name="body"/>(block) for block in [0, blocks), blocks handed out dynamically.</summary>
    public static void For(int threads, int blocks, Action<int> body)
    {
        if (threads <= 1 || blocks <= 1)
        {
            for (int i = 0; i < blocks; i++)
                body(i);
            return;
        }
        int next = -1;
        WorkerTeam.For(threads).Run(Math.Min(threads, blocks), _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < blocks)
                body(b);
        });
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
        For(threads, blocks, b =>
        {
            int start = b * grain;
            body(start, Math.Min(length, start + grain));
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(part, parts) for each of <c>min(threads, maxParts)</c> parts. Only for work
    /// whose result does not depend on how it is split (each output written by exactly one part).
    /// </summary>
    public static void ForParts(int threads, int maxParts, Action<int, int> body)
    {
        int parts = Math.Max(1, Math.Min(threads, maxParts));
        if (parts == 1)
        {
            body(0, 1);
            return;
        }
        WorkerTeam.For(threads).Run(parts, p => body(p, parts));
    }
}
