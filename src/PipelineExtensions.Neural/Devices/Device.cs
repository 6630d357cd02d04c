using PipelineExtensions.Neural.Devices.Cpu;
using PipelineExtensions.Neural.Tensors;

namespace PipelineExtensions.Neural.Devices;

/// <summary>
/// A compute backend: it owns tensor memory (<see cref="Storage"/>) and implements every operation the engine
/// needs. Layers, losses and optimizers only reach memory through these operations, so a new backend (CUDA
/// through ILGPU, say) is a subclass of this type and nothing else changes.
/// </summary>
/// <remarks>
/// <para>Conventions for implementers: tensors are contiguous, row-major, float32. Operations never allocate
/// their outputs: the caller passes storage of the right length. An <c>accumulate</c> flag means "add into the
/// output" instead of "overwrite it" (gradients accumulate). Scalar results (losses, norms) are written into
/// device storage so that a training step needs no host round trip; <see cref="Download"/> reads them.</para>
/// <para>All shapes were validated by the caller; backends may assume consistent sizes.</para>
/// </remarks>
public abstract class Device
{
    private static Device? _default;

    /// <summary>The CPU backend (managed SIMD kernels, all cores).</summary>
    public static Device Cpu => CpuDevice.Shared;

    /// <summary>The device used when a tensor or layer is created without one (the CPU unless changed).</summary>
    public static Device Default
    {
        get => _default ?? Cpu;
        set => _default = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>A short name, e.g. "cpu" or "cuda:0".</summary>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;

    // ---------------------------------------------------------------- memory

    /// <summary>Storage of <paramref name="length"/> floats with undefined contents (pooled where possible).</summary>
    public abstract Storage Allocate(int length);

    /// <summary>Takes back storage whose last reference was dropped (called by <see cref="Storage"/>).</summary>
    protected internal abstract void Release(Storage storage);

    /// <summary>Copies host values into <paramref name="destination"/> starting at <paramref name="offset"/>.</summary>
    public abstract void Upload(ReadOnlySpan<float> source, Storage destination, int offset);

    /// <summary>Copies values starting at <paramref name="offset"/> into a host span.</summary>
    public abstract void Download(Storage source, int offset, Span<float> destination);

    /// <summary>Sets <paramref name="length"/> values from <paramref name="offset"/> to <paramref name="value"/>.</summary>
    public abstract void Fill(Storage x, int offset, int length, float value);

    /// <summary>Copies <paramref name="length"/> values between storages of this device.</summary>
    public abstract void Copy(Storage source, int sourceOffset, Storage destination, int destinationOffset, int length);

    // ---------------------------------------------------------------- linear algebra

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C for row-major matrices; op(A) is m×k, op(B) is k×n, C is m×n. With a transpose
    /// flag set, the stored matrix is the transpose (A stored k×m, B stored n×k). β = 0 ignores C's contents.
    /// </summary>
    public abstract void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c);

    // ---------------------------------------------------------------- element-wise

    /// <summary>y ← f(x) for <paramref name="length"/> values; <paramref name="parameter"/> is the slope of LeakyReLU.</summary>
    public abstract void Unary(UnaryOp op, float parameter, Storage x, Storage y, int length);

    /// <summary>dx ← dy · f′(x) (or dx += …); <paramref name="y"/> holds f(x) for ops whose derivative uses it.</summary>
    public abstract void UnaryBackward(UnaryOp op, float parameter, Storage x, Storage y, Storage dy, Storage dx, int length, bool accumulate);

    /// <summary>c ← a ∘ b with NumPy broadcasting (shapes right-aligned; a dimension of 1 repeats).</summary>
    public abstract void Binary(BinaryOp op, Storage a, TensorShape aShape, Storage b, TensorShape bShape, Storage c, TensorShape cShape);

    /// <summary>y ← α·x + β·y.</summary>
    public abstract void Axpby(float alpha, Storage x, float beta, Storage y, int length);

    /// <summary>y ← scale·x + shift.</summary>
    public abstract void Affine(Storage x, Storage y, int length, float scale, float shift);

    /// <summary>x ← min(max(x, min), max) in place.</summary>
    public abstract void Clamp(Storage x, int length, float min, float max);

    /// <summary>
    /// Writes an inverted-dropout mask: each value is 0 with probability <paramref name="dropProbability"/>, else
    /// 1/(1−p). The pattern is a pure function of (<paramref name="key"/>, index), so it does not depend on threads.
    /// </summary>
    public abstract void DropoutMask(Storage mask, int length, float dropProbability, ulong key);

    /// <summary>
    /// y ← Σ of x over the dimensions that <paramref name="yShape"/> broadcasts (the gradient of broadcasting):
    /// yShape is right-aligned against xShape with 1 (or missing) in the summed dimensions.
    /// </summary>
    public abstract void SumToShape(Storage x, TensorShape xShape, Storage y, TensorShape yShape, bool accumulate);

    // ---------------------------------------------------------------- reductions and checks

    /// <summary>result[index] ← reduction of the first <paramref name="length"/> values of x (deterministic order).</summary>
    public abstract void Reduce(ReduceOp op, Storage x, int length, Storage result, int index);

    /// <summary>How many of the first <paramref name="length"/> values are NaN or infinite.</summary>
    public abstract long CountNonFinite(Storage x, int length);

    // ---------------------------------------------------------------- softmax and losses

    /// <summary>Row-wise softmax (or log-softmax) of a rows×cols matrix.</summary>
    public abstract void Softmax(Storage x, Storage y, int rows, int cols, bool log);

    /// <summary>Gradient of <see cref="Softmax"/> given its output y.</summary>
    public abstract void SoftmaxBackward(Storage y, Storage dy, Storage dx, int rows, int cols, bool log, bool accumulate);

    /// <summary>
    /// Softmax cross-entropy against a dense target distribution: loss[0] ← Σᵢ rᵢ · (−Σ_c w_c·t_ic·log p_ic), and
    /// p ← softmax(logits). <paramref name="classWeights"/> (w, length cols) may be null (all 1); r is
    /// <paramref name="rowScale"/> (length rows; it carries per-sample weights and the mean's denominator).
    /// </summary>
    public abstract void CrossEntropyForward(Storage logits, Storage targets, Storage? classWeights, Storage rowScale, int rows, int cols, Storage probabilities, Storage loss);

    /// <summary>dlogits_ij ← g·rᵢ·(p_ij·Σ_c w_c t_ic − w_j t_ij), g = gradLoss[0].</summary>
    public abstract void CrossEntropyBackward(Storage probabilities, Storage targets, Storage? classWeights, Storage rowScale, Storage gradLoss, int rows, int cols, Storage gradLogits, bool accumulate);

    /// <summary>
    /// Binary cross-entropy on logits: loss[0] ← Σᵢⱼ rᵢ·(−[pw_j·y·log σ(x) + (1−y)·log(1−σ(x))]) computed stably;
    /// <paramref name="positiveWeight"/> (length cols) may be null (all 1).
    /// </summary>
    public abstract void BceWithLogitsForward(Storage logits, Storage targets, Storage? positiveWeight, Storage rowScale, int rows, int cols, Storage loss);

    /// <summary>dx_ij ← g·rᵢ·(σ(x)·(pw_j·y + 1 − y) − pw_j·y).</summary>
    public abstract void BceWithLogitsBackward(Storage logits, Storage targets, Storage? positiveWeight, Storage rowScale, Storage gradLoss, int rows, int cols, Storage gradLogits, bool accumulate);

    // ---------------------------------------------------------------- convolution and pooling

    /// <summary>y ← conv2d(x, w) + bias (NCHW input, OIHW weight, bias per output channel or null).</summary>
    public abstract void Conv2dForward(in ConvolutionGeometry g, Storage x, Storage weight, Storage? bias, Storage y);

    /// <summary>dx ← gradient of the convolution with respect to its input.</summary>
    public abstract void Conv2dBackwardData(in ConvolutionGeometry g, Storage dy, Storage weight, Storage dx, bool accumulate);

    /// <summary>dw ← gradient of the convolution with respect to its weight (summed over the batch).</summary>
    public abstract void Conv2dBackwardFilter(in ConvolutionGeometry g, Storage x, Storage dy, Storage dweight, bool accumulate);

    /// <summary>Max pooling (padding counts as −∞).</summary>
    public abstract void MaxPool2dForward(in PoolingGeometry g, Storage x, Storage y);

    /// <summary>Routes each output gradient to the first maximal input of its window (PyTorch's tie rule).</summary>
    public abstract void MaxPool2dBackward(in PoolingGeometry g, Storage x, Storage dy, Storage dx, bool accumulate);

    /// <summary>Average pooling; <paramref name="countIncludePad"/> divides by the full window (PyTorch's default).</summary>
    public abstract void AvgPool2dForward(in PoolingGeometry g, bool countIncludePad, Storage x, Storage y);

    /// <summary>Gradient of <see cref="AvgPool2dForward"/>.</summary>
    public abstract void AvgPool2dBackward(in PoolingGeometry g, bool countIncludePad, Storage dy, Storage dx, bool accumulate);

    // ---------------------------------------------------------------- batch normalisation (x viewed as [n, c, s])

    /// <summary>
    /// Normalises with the batch statistics of each channel, writes the batch mean and 1/√(var+ε) (biased
    /// variance) for the backward pass, and updates running statistics when given: r ← (1−m)·r + m·batch
    /// (the running variance uses the unbiased batch variance, as PyTorch does).
    /// </summary>
    public abstract void BatchNormForwardTraining(int n, int c, int s, Storage x, Storage gamma, Storage beta, float epsilon,
        Storage y, Storage savedMean, Storage savedInvStd, Storage? runningMean, Storage? runningVar, float momentum);

    /// <summary>Normalises with the running statistics; also writes them as mean and 1/√(var+ε) for the backward pass.</summary>
    public abstract void BatchNormForwardInference(int n, int c, int s, Storage x, Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
        float epsilon, Storage y, Storage savedMean, Storage savedInvStd);

    /// <summary>
    /// Gradients of batch normalisation. <paramref name="training"/> selects the batch-statistics formula (the mean
    /// and variance depend on x) or the running-statistics one. dgamma and dbeta are overwritten.
    /// </summary>
    public abstract void BatchNormBackward(int n, int c, int s, Storage x, Storage dy, Storage gamma, Storage savedMean, Storage savedInvStd, bool training,
        Storage dx, bool accumulateDx, Storage dgamma, Storage dbeta);

    // ---------------------------------------------------------------- optimizer updates (in place)

    /// <summary>One SGD step of <paramref name="length"/> parameters.</summary>
    public abstract void SgdUpdate(in SgdHyper h, Storage parameter, Storage gradient, Storage? momentumBuffer, int length);

    /// <summary>One Adam/AdamW step.</summary>
    public abstract void AdamUpdate(in AdamHyper h, Storage parameter, Storage gradient, Storage expAvg, Storage expAvgSq, Storage? maxExpAvgSq, int length);

    /// <summary>One RMSprop step.</summary>
    public abstract void RmsPropUpdate(in RmsPropHyper h, Storage parameter, Storage gradient, Storage squareAvg, Storage? gradAvg, Storage? momentumBuffer, int length);
}
