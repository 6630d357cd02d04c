using ILGPU;
using ILGPU.Runtime;
using PipelineExtensions.Neural.Devices.Ilgpu.Kernels;

namespace PipelineExtensions.Neural.Devices.Ilgpu;

public sealed partial class IlgpuDevice
{
    // Columns of one chunk are at most this many floats (64 MiB on the GPU), so memory stays bounded for any batch.
    private int ColumnBudget => IsCuda ? 16 << 20 : 1 << 20;

    // Samples per chunk so that the unfolded columns of a chunk fit the budget.
    private int ChunkSize(in ConvolutionGeometry g) =>
        Math.Clamp(ColumnBudget / Math.Max(1, g.PatchSize * g.OutHeight * g.OutWidth), 1, g.Batch);

    /// <inheritdoc/>
    public override void Conv2dForward(in ConvolutionGeometry g, Storage x, Storage weight, Storage? bias, Storage y)
    {
        using var _ = Enter();
        var geo = g;
        InChunks(g, (first, count, cols, product) =>
        {
            int spatial = geo.OutHeight * geo.OutWidth;
            Stage("im2col", geo);
            Convolution.Im2Col(Elements((long)geo.InChannels * count * spatial), V(x), cols.View, geo, first, count);
            // [O, K] · [K, count·S] → [O, count·S], then to NCHW with the bias.
            Stage("gemm", geo);
            GemmCore(false, false, geo.OutChannels, count * spatial, geo.PatchSize, 1f, V(weight), cols.View, 0f, product.View);
            Stage("to-nchw", geo);
            Convolution.ToNcs(Elements((long)count * geo.OutSampleSize), product.View, V(y), VOrEmpty(bias), bias is null ? 0 : 1,
                geo.OutChannels, spatial, first, count);
        });
    }

    /// <inheritdoc/>
    public override void Conv2dBackwardData(in ConvolutionGeometry g, Storage dy, Storage weight, Storage dx, bool accumulate)
    {
        using var _ = Enter();
        var geo = g;
        InChunks(g, (first, count, cols, gradient) =>
        {
            int spatial = geo.OutHeight * geo.OutWidth;
            Stage("from-nchw", geo);
            Convolution.FromNcs(Elements((long)count * geo.OutSampleSize), V(dy), gradient.View, geo.OutChannels, spatial, first, count);
            Stage("gemm", geo);
            // Wᵀ [K, O] · dY [O, count·S] → column gradients [K, count·S], folded back onto dx.
            GemmCore(true, false, geo.PatchSize, count * spatial, geo.OutChannels, 1f, V(weight), gradient.View, 0f, cols.View);
            Stage("col2im", geo);
            Convolution.Col2Im(Elements((long)count * geo.InSampleSize), cols.View, V(dx), geo, first, count, accumulate ? 1 : 0);
        });
    }

    /// <inheritdoc/>
    public override void Conv2dBackwardFilter(in ConvolutionGeometry g, Storage x, Storage dy, Storage dweight, bool accumulate)
    {
        using var _ = Enter();
        var geo = g;
        InChunks(g, (first, count, cols, gradient) =>
        {
            int spatial = geo.OutHeight * geo.OutWidth;
            Stage("im2col", geo);
            Convolution.Im2Col(Elements((long)geo.InChannels * count * spatial), V(x), cols.View, geo, first, count);
            Stage("from-nchw", geo);
            Convolution.FromNcs(Elements((long)count * geo.OutSampleSize), V(dy), gradient.View, geo.OutChannels, spatial, first, count);
            // dY [O, count·S] · colsᵀ [count·S, K] summed over the chunks in order (the GEMM's k runs over samples).
            bool add = accumulate || first > 0;
            Stage("gemm", geo);
            GemmCore(false, true, geo.OutChannels, geo.PatchSize, count * spatial, 1f, gradient.View, cols.View, add ? 1f : 0f, V(dweight));
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(first sample, sample count, columns, channel buffer) over the batch in chunks of
    /// <see cref="ChunkSize"/> samples, with two rented workspaces sized for a full chunk: the unfolded columns
    /// (PatchSize × chunk·S) and an output-channel buffer (OutChannels × chunk·S).
    /// </summary>
    private void InChunks(in ConvolutionGeometry g, Action<int, int, MemoryBuffer1D<float, Stride1D.Dense>, MemoryBuffer1D<float, Stride1D.Dense>> body)
    {
        int spatial = g.OutHeight * g.OutWidth, chunk = ChunkSize(g);
        var cols = RentWorkspace(g.PatchSize * chunk * spatial);
        var channels = RentWorkspace(g.OutChannels * chunk * spatial);
        try
        {
            for (int first = 0; first < g.Batch; first += chunk)
                body(first, Math.Min(chunk, g.Batch - first), cols, channels);
        }
        finally
        {
            ReturnWorkspace(channels);
            ReturnWorkspace(cols);
        }
    }

    /// <inheritdoc/>
    public override void MaxPool2dForward(in PoolingGeometry g, Storage x, Storage y)
    {
        using var _ = Enter();
        Pooling.MaxForward(Elements((long)g.Planes * g.OutHeight * g.OutWidth), V(x), V(y), g);
    }

    /// <inheritdoc/>
    public override void MaxPool2dBackward(in PoolingGeometry g, Storage x, Storage dy, Storage dx, bool accumulate)
    {
        using var _ = Enter();
        if (GpuPooling.Tiles(g))
            Pooling.MaxBackwardTiled(Elements((long)g.Planes * g.OutHeight * g.OutWidth), V(x), V(dy), V(dx), g, accumulate ? 1 : 0);
        else
            Pooling.MaxBackward(Elements((long)g.Planes * g.InHeight * g.InWidth), V(x), V(dy), V(dx), g, accumulate ? 1 : 0);
    }

    /// <inheritdoc/>
    public override void AvgPool2dForward(in PoolingGeometry g, bool countIncludePad, Storage x, Storage y)
    {
        using var _ = Enter();
        Pooling.AvgForward(Elements((long)g.Planes * g.OutHeight * g.OutWidth), V(x), V(y), g, countIncludePad ? 1 : 0);
    }

    /// <inheritdoc/>
    public override void AvgPool2dBackward(in PoolingGeometry g, bool countIncludePad, Storage dy, Storage dx, bool accumulate)
    {
        using var _ = Enter();
        Pooling.AvgBackward(Elements((long)g.Planes * g.InHeight * g.InWidth), V(dy), V(dx), g, countIncludePad ? 1 : 0, accumulate ? 1 : 0);
    }
}
