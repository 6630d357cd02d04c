using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void RoundTripsHostValuesAndReportsShape()
    {
        var t = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal("[2, 3]", t.Shape.ToString());
        Assert.Equal([1f, 2, 3, 4, 5, 6], t.ToArray());
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.FromArray([1, 2, 3], 2, 2));
        Assert.Contains("[2, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => new TensorShape(2, 0));
    }

    [Fact]
    public void ReshapeSharesMemoryAndInfersOneDimension()
    {
        var t = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var r = t.Reshape(3, -1);
        Assert.Equal(new TensorShape(3, 2), r.Shape);
        t.CopyFrom([9f, 2, 3, 4, 5, 6]);
        Assert.Equal(9f, r.ToArray()[0]);
        var e = Assert.Throws<ShapeMismatchException>(() => t.Reshape(4, -1));
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void ScopeReleasesItsTensorsAndKeepsWhatItIsAskedTo()
    {
        Tensor inner, kept;
        using (var scope = new TensorScope())
        {
            inner = Tensor.Zeros(new TensorShape(4));
            kept = scope.Keep(Tensor.Ones(new TensorShape(4)));
            Assert.Equal(1, scope.Count);
        }
        Assert.True(inner.IsDisposed);
        Assert.False(kept.IsDisposed);
        var e = Assert.Throws<ObjectDisposedException>(() => inner.ToArray());
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void ReleasedMemoryIsReusedByTheNextScope()
    {
        var device = new PipelineExtensions.Neural.Devices.Cpu.CpuDevice(1);
        using (new TensorScope())
            Tensor.Zeros(new TensorShape(1000), device);
        Assert.Equal(1000, device.PooledFloats);
        using (new TensorScope())
        {
            Tensor.Zeros(new TensorShape(1000), device);
            Assert.Equal(0, device.PooledFloats);
        }
    }
}
