namespace PipelineExtensions.Neural.Kernels;

/// <summary>
/// A small persistent team of worker threads for fork-join kernels. Compared with <c>Parallel.For</c>, a fork-join
/// costs a few microseconds: idle workers spin briefly on a generation counter before parking, so back-to-back
/// kernels of a training step (GEMMs of ~0.1 ms) do not pay a thread-pool wake-up each. The calling thread runs
/// part 0. One team per thread count; a team runs one fork-join at a time — a concurrent or nested request runs
/// its parts sequentially on the caller instead (same results, kernels never depend on which thread runs a part).
/// </summary>
internal sealed class WorkerTeam
{
    private const int SpinIterations = 200; // × SpinWait(20) ≈ 0.1–0.2 ms before parking
    private static readonly Dictionary<int, WorkerTeam> Teams = [];

    private readonly int _size;
    private readonly ManualResetEventSlim[] _wake;
    private readonly int[] _sleeping;
    private int _generation;
    private int _busy;
    private int _pending;
    private int _parts;
    private Action<int>? _body;
    private Exception? _error;

    /// <param name="size">Threads including the caller.</param>
    /// <param name="onWorkerStart">Test seam: runs first on each new worker thread (e.g. to delay its start).</param>
    internal WorkerTeam(int size, Action? onWorkerStart = null)
    {
        _size = size;
        _wake = new ManualResetEventSlim[size];
        _sleeping = new int[size];
        // The generation a worker starts from is taken here, not on the new thread: a Run that follows the
        // constructor can bump the generation before a slow-starting worker first reads it, and a worker that
        // read the bumped value would wait for the next bump while the caller waits for it (a hang seen under load).
        int initial = _generation;
        for (int i = 1; i < size; i++)
        {
            _wake[i] = new ManualResetEventSlim(false);
            int index = i;
            new Thread(() =>
            {
                onWorkerStart?.Invoke();
                WorkerLoop(index, initial);
            }) { IsBackground = true, Name = $"pipex-cpu-{index}" }.Start();
        }
    }

    /// <summary>The shared team for <paramref name="threads"/> threads (the caller counts as one).</summary>
    public static WorkerTeam For(int threads)
    {
        lock (Teams)
        {
            if (!Teams.TryGetValue(threads, out var team))
                Teams[threads] = team = new WorkerTeam(threads);
            return team;
        }
    }

    /// <summary>Number of threads including the caller.</summary>
    public int Size => _size;

    /// <summary>Runs body(0..parts−1), in parallel when the team is free; returns after all parts finished.</summary>
    public void Run(int parts, Action<int> body)
    {
        parts = Math.Min(parts, _size);
        if (parts <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int p = 0; p < parts; p++)
                body(p);
            return;
        }
        try
        {
            _body = body;
            _parts = parts;
            _error = null;
            Volatile.Write(ref _pending, parts - 1);
            Interlocked.Increment(ref _generation);
            for (int i = 1; i < parts; i++)
                if (Volatile.Read(ref _sleeping[i]) != 0)
                    _wake[i].Set();
            try
            {
                body(0);
            }
            catch (Exception e)
            {
                _error ??= e;
            }
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            _body = null;
            if (_error is { } error)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void WorkerLoop(int index, int seen)
    {
        while (true)
        {
            int spins = 0;
            while (Volatile.Read(ref _generation) == seen)
            {
                if (++spins < SpinIterations)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                // Park: announce, re-check (the caller reads the flag after bumping the generation), then wait.
                Interlocked.Exchange(ref _sleeping[index], 1);
                if (Volatile.Read(ref _generation) == seen)
                    _wake[index].Wait();
                _wake[index].Reset();
                Interlocked.Exchange(ref _sleeping[index], 0);
                spins = 0;
            }
            seen = Volatile.Read(ref _generation);
            if (index < _parts)
            {
                try
                {
                    _body!(index);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
                }
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
