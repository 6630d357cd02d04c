using System.Diagnostics;
using System.Runtime.CompilerServices;
using ILGPU.Runtime;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

public sealed partial class IlgpuDevice
{
    private OpProfiler? _profiler;
    private int _depth;

    /// <summary>
    /// True when the device was created with profiling (the factories' <c>profiling</c> argument): then
    /// <see cref="StopProfile"/> also reports each operation's time on the device's own clock (CUDA events).
    /// </summary>
    public bool GpuTimingAvailable { get; }

    /// <summary>
    /// Starts recording, for every device operation (GEMM, convolution, element-wise, upload, …), how many calls
    /// were made, the host time spent enqueueing them and, when <see cref="GpuTimingAvailable"/>, the time between
    /// markers placed before and after them on the stream. Recording costs two event records per call; use it on
    /// a few dozen steps to find where a step's time goes, not during production training.
    /// </summary>
    public void StartProfile()
    {
        using var _ = Enter();
        _stream.Synchronize();
        _profiler?.Dispose();
        _profiler = new OpProfiler(GpuTimingAvailable);
    }

    /// <summary>Waits for the queued work, stops recording and returns the profile since <see cref="StartProfile"/>.</summary>
    /// <exception cref="InvalidOperationException">No profile was started.</exception>
    public DeviceProfile StopProfile()
    {
        using var _ = Enter();
        var profiler = _profiler ?? throw new InvalidOperationException($"{Name}: StopProfile without StartProfile.");
        _profiler = null;
        _stream.Synchronize();
        using (profiler)
            return profiler.Finish(Name);
    }

    /// <summary>Opens the recording of one operation (outermost calls only; nested ones belong to their caller).</summary>
    private Scope OpenScope(string operation)
    {
        if (_depth++ > 0 || _profiler is not { } profiler)
            return new Scope(this, null, 0, null);
        return new Scope(this, operation, Stopwatch.GetTimestamp(), profiler.GpuTiming ? _stream.AddProfilingMarker() : null);
    }

    private void CloseScope(string? operation, long startTicks, ProfilingMarker? startMarker)
    {
        _depth--;
        if (operation is null)
            return;
        if (_profiler is null)
        {
            startMarker?.Dispose();     // stopped inside this very call (StopProfile)
            return;
        }
        var endMarker = startMarker is null ? null : _stream.AddProfilingMarker();
        _profiler.Record(operation, Stopwatch.GetTimestamp() - startTicks, startMarker, endMarker);
    }

    /// <summary>The operations recorded between <see cref="StartProfile"/> and <see cref="StopProfile"/>.</summary>
    private sealed class OpProfiler(bool gpuTiming) : IDisposable
    {
        private readonly Dictionary<string, (int Calls, long HostTicks)> _host = new();
        private readonly List<(string Operation, ProfilingMarker Start, ProfilingMarker End)> _markers = new();
        private readonly long _startTicks = Stopwatch.GetTimestamp();

        public bool GpuTiming { get; } = gpuTiming;

        public void Record(string operation, long hostTicks, ProfilingMarker? start, ProfilingMarker? end)
        {
            _host[operation] = _host.TryGetValue(operation, out var seen) ? (seen.Calls + 1, seen.HostTicks + hostTicks) : (1, hostTicks);
            if (start is not null && end is not null)
                _markers.Add((operation, start, end));
        }

        public DeviceProfile Finish(string device)
        {
            var wall = Stopwatch.GetElapsedTime(_startTicks);
            var gpu = new Dictionary<string, TimeSpan>();
            foreach (var (operation, start, end) in _markers)
                gpu[operation] = gpu.GetValueOrDefault(operation) + end.MeasureFrom(start);
            var ops = _host
                .Select(p => new DeviceOpProfile(p.Key, p.Value.Calls, Stopwatch.GetElapsedTime(0, p.Value.HostTicks),
                    GpuTiming ? gpu.GetValueOrDefault(p.Key) : null))
                .OrderByDescending(o => o.GpuTime ?? o.HostTime)
                .ToList();
            return new DeviceProfile(device, wall, ops);
        }

        public void Dispose()
        {
            foreach (var (_, start, end) in _markers)
            {
                start.Dispose();
                end.Dispose();
            }
            _markers.Clear();
        }
    }
}
