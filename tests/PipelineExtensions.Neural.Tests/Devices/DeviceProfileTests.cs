using PipelineExtensions.Neural.Devices;
using PipelineExtensions.Neural.Devices.Ilgpu;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>The per-operation profile of <see cref="IlgpuDevice"/>, on ILGPU's CPU accelerator.</summary>
public sealed class DeviceProfileTests
{
    [Fact]
    public void Profile_counts_each_operation_once_per_call_and_times_it_on_the_stream()
    {
        using var device = IlgpuDevice.CpuAccelerator(profiling: true);
        Assert.True(device.GpuTimingAvailable);
        var x = device.Allocate(1000);
        var y = device.Allocate(1000);
        device.Fill(x, 0, 1000, 2f);      // before the profile: not counted
        device.StartProfile();
        for (int i = 0; i < 3; i++)
            device.Axpby(1f, x, 0f, y, 1000);
        device.Fill(y, 0, 10, 1f);
        var back = new float[1000];
        device.Download(y, 0, back);
        var profile = device.StopProfile();

        Assert.Equal(2f, back[999]);
        Assert.Equal(1f, back[0]);
        var calls = profile.Operations.ToDictionary(o => o.Operation, o => o.Calls);
        Assert.Equal(new Dictionary<string, int> { ["Axpby"] = 3, ["Fill"] = 1, ["Download"] = 1 }, calls);
        Assert.All(profile.Operations, o => Assert.True(o.GpuTime is { } g && g >= TimeSpan.Zero, o.Operation));
        Assert.True(profile.HostTime <= profile.Wall, $"host {profile.HostTime} > wall {profile.Wall}");
        string table = profile.ToTable(steps: 1);
        Assert.Contains("Axpby", table);
        Assert.Contains("wall", table);
        x.ReleaseReference();
        y.ReleaseReference();
    }

    [Fact]
    public void Convolution_stages_are_listed_under_their_operation_and_left_out_of_the_totals()
    {
        using var device = IlgpuDevice.CpuAccelerator(profiling: true);
        var g = new ConvolutionGeometry(2, 3, 6, 6, 4, 3, 3, 1, 1, 1, 1);
        var x = device.Allocate(2 * 3 * 36);
        var w = device.Allocate(4 * 27);
        var y = device.Allocate(2 * g.OutSampleSize);
        device.Fill(x, 0, 2 * 3 * 36, 0.5f);
        device.Fill(w, 0, 4 * 27, 0.25f);
        device.StartProfile();
        device.Conv2dForward(g, x, w, null, y);
        var profile = device.StopProfile();

        var conv = Assert.Single(profile.Operations, o => o.Operation == "Conv2dForward");
        var stages = profile.Operations.Where(o => o.Parent == "Conv2dForward").Select(o => o.Operation).ToList();
        Assert.Equal(["Conv2dForward/gemm 3→4 6×6", "Conv2dForward/im2col 3→4 6×6", "Conv2dForward/to-nchw 3→4 6×6"], stages.Order().ToList());
        Assert.All(profile.Operations.Where(o => o.Parent is not null), o => Assert.Equal(TimeSpan.Zero, o.HostTime));
        Assert.Equal(conv.GpuTime, profile.GpuTime);          // the stages are not counted twice
        Assert.Equal(conv.HostTime, profile.HostTime);
        var back = new float[2 * g.OutSampleSize];
        device.Download(y, 0, back);
        Assert.Equal(27 * 0.125f, back[g.OutWidth + 1]);       // an interior output: all 27 taps inside
        foreach (var s in new[] { x, w, y })
            s.ReleaseReference();
    }

    [Fact]
    public void Without_profiling_the_profile_has_host_times_only_and_stop_needs_a_start()
    {
        using var device = IlgpuDevice.CpuAccelerator();
        Assert.False(device.GpuTimingAvailable);
        var e = Assert.Throws<InvalidOperationException>(() => device.StopProfile());
        Assert.Contains("StartProfile", e.Message);
        var x = device.Allocate(64);
        device.StartProfile();
        device.Fill(x, 0, 64, 1f);
        var profile = device.StopProfile();
        Assert.Null(profile.GpuTime);
        Assert.Equal(1, Assert.Single(profile.Operations).Calls);
        // A second stop without a new start fails the same way: the recorder was handed over.
        Assert.Throws<InvalidOperationException>(() => device.StopProfile());
        // Operations after the stop record nothing and still work.
        device.Fill(x, 0, 64, 3f);
        var back = new float[64];
        device.Download(x, 0, back);
        Assert.All(back, v => Assert.Equal(3f, v));
        x.ReleaseReference();
    }
}
