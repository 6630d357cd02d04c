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
        _openOperation = operation;
        return new Scope(this, operation, Stopwatch.GetTimestamp(), profiler.GpuTiming ? profiler.Own(_stream.AddProfilingMarker()) : null);
    }

    private void CloseScope(string? operation, long startTicks, ProfilingMarker? startMarker)
    {
        _depth--;
        if (operation is null)
            return;
        _openOperation = null;
        if (_profiler is null)
        {
            startMarker?.Dispose();     // stopped inside this very call (StopProfile)
            _stageName = null;
            return;
        }
        var endMarker = startMarker is null ? null : _profiler.Own(_stream.AddProfilingMarker());
        if (_stageName is not null && endMarker is not null)
            _profiler.RecordStage(operation, _stageName, _stageStart!, endMarker);
        _stageName = null;
        _profiler.Record(operation, Stopwatch.GetTimestamp() - startTicks, startMarker, endMarker);
    }

    private string? _openOperation, _stageName;
    private ProfilingMarker? _stageStart;

    /// <summary>
    /// Inside an operation, starts its stage <paramref name="name"/> (e.g. "im2col", "gemm"): with GPU timing the
    /// profile then also lists the GPU span of each stage, up to the next stage or the operation's end.
    /// </summary>
    private void Stage(string name)
    {
        if (_profiler is not { GpuTiming: true } profiler || _openOperation is null || _depth != 1)
            return;
        var marker = profiler.Own(_stream.AddProfilingMarker());
        if (_stageName is not null)
            profiler.RecordStage(_openOperation, _stageName, _stageStart!, marker);
        _stageName = name;
        _stageStart = marker;
    }

    /// <summary>A convolution's stage, named with its channels and input size (the layers of a network differ).</summary>
    private void Stage(string name, in ConvolutionGeometry g)
    {
        if (_profiler is { GpuTiming: true } && _depth == 1)
            Stage($"{name} {g.InChannels}→{g.OutChannels} {g.InHeight}×{g.InWidth}");
    }

    /// <summary>The operations recorded between <see cref="StartProfile"/> and <see cref="StopProfile"/>.</summary>
    private sealed class OpProfiler(bool gpuTiming) : IDisposable
    {
        private readonly Dictionary<string, (int Calls, long HostTicks)> _host = new();
        private readonly List<(string Operation, ProfilingMarker Start, ProfilingMarker End)> _spans = new();
        private readonly List<(string Operation, string Stage, ProfilingMarker Start, ProfilingMarker End)> _stages = new();
        private readonly List<ProfilingMarker> _owned = new();
        private readonly long _startTicks = Stopwatch.GetTimestamp();

        public bool GpuTiming { get; } = gpuTiming;

        /// <summary>Keeps <paramref name="marker"/> for disposal (stage and operation spans share markers).</summary>
        public ProfilingMarker Own(ProfilingMarker marker)
        {
            _owned.Add(marker);
            return marker;
        }

        public void Record(string operation, long hostTicks, ProfilingMarker? start, ProfilingMarker? end)
        {
            _host[operation] = _host.TryGetValue(operation, out var seen) ? (seen.Calls + 1, seen.HostTicks + hostTicks) : (1, hostTicks);
            if (start is not null && end is not null)
                _spans.Add((operation, start, end));
        }

        public void RecordStage(string operation, string stage, ProfilingMarker start, ProfilingMarker end) =>
            _stages.Add((operation, stage, start, end));

        public DeviceProfile Finish(string device)
        {
            var wall = Stopwatch.GetElapsedTime(_startTicks);
            var gpu = new Dictionary<string, TimeSpan>();
            foreach (var (operation, start, end) in _spans)
                gpu[operation] = gpu.GetValueOrDefault(operation) + end.MeasureFrom(start);
            var stages = new Dictionary<(string Operation, string Stage), (int Calls, TimeSpan Gpu)>();
            foreach (var (operation, stage, start, end) in _stages)
            {
                var seen = stages.GetValueOrDefault((operation, stage));
                stages[(operation, stage)] = (seen.Calls + 1, seen.Gpu + end.MeasureFrom(start));
            }
            var ops = new List<DeviceOpProfile>();
            foreach (var (operation, (calls, hostTicks)) in _host.OrderByDescending(p => GpuTiming ? gpu.GetValueOrDefault(p.Key) : TimeSpan.FromTicks(p.Value.HostTicks)))
            {
                ops.Add(new DeviceOpProfile(operation, calls, Stopwatch.GetElapsedTime(0, hostTicks), GpuTiming ? gpu.GetValueOrDefault(operation) : null));
                foreach (var ((_, stage), (stageCalls, stageGpu)) in stages.Where(p => p.Key.Operation == operation).OrderByDescending(p => p.Value.Gpu))
                    ops.Add(new DeviceOpProfile($"{operation}/{stage}", stageCalls, TimeSpan.Zero, stageGpu, Parent: operation));
            }
            return new DeviceProfile(device, wall, ops);
        }

        public void Dispose()
        {
            foreach (var marker in _owned)
                marker.Dispose();
            _owned.Clear();
            _spans.Clear();
            _stages.Clear();
        }
    }
}
