using System.Globalization;
using System.Text;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

/// <summary>One device operation in a <see cref="DeviceProfile"/>.</summary>
/// <param name="Operation">The device method, e.g. "Gemm", "Conv2dForward", "Upload".</param>
/// <param name="Calls">How many times it ran.</param>
/// <param name="HostTime">Time the calling thread spent inside it (kernel launches, transfers that block).</param>
/// <param name="GpuTime">Sum of the spans between the markers before and after each call on the device's stream
/// (null without GPU timing). A span includes the gaps between the call's own kernel launches.</param>
/// <param name="Parent">For a stage inside an operation ("Conv2dForward/im2col"), the operation; its host time is
/// not measured (zero) and totals leave it out, since the operation's own row already counts it.</param>
public sealed record DeviceOpProfile(string Operation, int Calls, TimeSpan HostTime, TimeSpan? GpuTime, string? Parent = null);

/// <summary>
/// Where a stretch of work on an <see cref="IlgpuDevice"/> spent its time, per operation
/// (<see cref="IlgpuDevice.StartProfile"/> … <see cref="IlgpuDevice.StopProfile"/>). When the host times add up to
/// about the wall time the run is launch-bound (the GPU waits for the CPU); when the GPU times do, it is bound by
/// the kernels themselves.
/// </summary>
/// <param name="Device">The device's name.</param>
/// <param name="Wall">Wall time from start to stop.</param>
/// <param name="Operations">The operations, most expensive first.</param>
public sealed record DeviceProfile(string Device, TimeSpan Wall, IReadOnlyList<DeviceOpProfile> Operations)
{
    /// <summary>Total host time inside device operations.</summary>
    public TimeSpan HostTime => TopLevel.Aggregate(TimeSpan.Zero, (t, o) => t + o.HostTime);

    /// <summary>Total GPU span of the operations (null without GPU timing).</summary>
    public TimeSpan? GpuTime => TopLevel.Any(o => o.GpuTime is null) ? null : TopLevel.Aggregate(TimeSpan.Zero, (t, o) => t + o.GpuTime!.Value);

    private IEnumerable<DeviceOpProfile> TopLevel => Operations.Where(o => o.Parent is null);

    /// <summary>A fixed-width table: calls, host and GPU milliseconds per operation (and per <paramref name="steps"/> when given).</summary>
    public string ToTable(int steps = 1)
    {
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        int per = Math.Max(1, steps);
        b.AppendLine(c, $"{"operation",-24} {"calls/step",10} {"host ms/step",12} {"GPU ms/step",12} {"host µs/call",12} {"GPU µs/call",12}");
        foreach (var o in Operations)
        {
            bool stage = o.Parent is not null;
            string name = stage ? "  " + o.Operation[(o.Parent!.Length + 1)..] : o.Operation;
            b.AppendLine(c, $"{name,-24} {o.Calls / (double)per,10:F1} {(stage ? "" : (o.HostTime.TotalMilliseconds / per).ToString("F3", c)),12} " +
                $"{(o.GpuTime is { } g ? (g.TotalMilliseconds / per).ToString("F3", c) : "—"),12} " +
                $"{(stage ? "" : (o.HostTime.TotalMicroseconds / o.Calls).ToString("F1", c)),12} {(o.GpuTime is { } h ? (h.TotalMicroseconds / o.Calls).ToString("F1", c) : "—"),12}");
        }
        b.AppendLine(c, $"{"all",-24} {TopLevel.Sum(o => o.Calls) / (double)per,10:F1} {HostTime.TotalMilliseconds / per,12:F3} " +
            $"{(GpuTime is { } t ? (t.TotalMilliseconds / per).ToString("F3", c) : "—"),12}");
        b.Append(c, $"wall {Wall.TotalMilliseconds / per:F3} ms/step over {per} step(s) on {Device}");
        return b.ToString();
    }
}
