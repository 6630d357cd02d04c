using PipelineExtensions.Data;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// Online augmentation: the object a trainer's batch loader calls once per TRAINING mini-batch (never for
/// validation or prediction). Created by <see cref="AugmentationPipeline.CreateBatchAugmenter"/> for one image
/// type; it keeps its buffers between calls, so augmenting allocates nothing per image, and spreads the images of a
/// batch over the cores.
/// </summary>
/// <remarks>
/// <para>Randomness: image i of a batch draws from a stream derived from (pipeline seed, <c>epoch</c>,
/// <c>sampleIds[i]</c>). Pass the row index of the image in the training table as its sample id and the epoch
/// number as the epoch: every epoch then sees fresh augmentations, a rerun with the same seed sees the same ones,
/// and neither depends on how rows were batched or how threads were scheduled. Mixup/CutMix pair image i with
/// image i−1 of the same batch, so their result also depends on the batch's order.</para>
/// <para>Labels: when <see cref="MixesLabels"/> is true, the loss must use the soft targets (N×K, each row sums
/// to 1) instead of the class indices. Without mixing, soft targets (if requested) are one-hot.</para>
/// <para>Not thread-safe: one batch at a time per instance (a concurrent call throws); use one per loader thread.</para>
/// </remarks>
public sealed unsafe class BatchAugmenter
{
    // Below this many output values per batch, one thread is faster than starting workers.
    private const int MinValuesForParallel = 1 << 15;

    private readonly AugmentationPlan _plan;
    private readonly AugmentationWorkspace[] _workspaces;
    private readonly int _inSize, _outSize;
    private float[] _partnerCopies = [];
    private int _busy;

    internal BatchAugmenter(AugmentationPipeline pipeline, ImageType inputType, int classCount, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(inputType);
        Options.Check.NonNegative(classCount, nameof(classCount));
        Options.Check.Positive(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        if (pipeline.MixesLabels && classCount < 1)
            throw new ArgumentException("The pipeline mixes labels (Mixup/CutMix): pass the number of classes so soft targets can be produced.", nameof(classCount));
        _plan = new AugmentationPlan(pipeline, inputType);
        Pipeline = pipeline;
        InputType = inputType;
        OutputType = _plan.OutputShape.ToImageType();
        ClassCount = classCount;
        _inSize = _plan.InputShape.Size;
        _outSize = _plan.OutputShape.Size;
        _workspaces = new AugmentationWorkspace[maxDegreeOfParallelism];
        for (int i = 0; i < _workspaces.Length; i++)
            _workspaces[i] = new AugmentationWorkspace(pipeline.MaxPixelValue);
    }

    /// <summary>The recipe this augmenter runs.</summary>
    public AugmentationPipeline Pipeline { get; }

    /// <summary>The image type of input batches.</summary>
    public ImageType InputType { get; }

    /// <summary>The image type of augmented images (differs from the input only with crops or resizes).</summary>
    public ImageType OutputType { get; }

    /// <summary>Number of classes K of the soft targets (0 when not given).</summary>
    public int ClassCount { get; }

    /// <summary>True when the pipeline mixes images (Mixup, CutMix): train on the soft targets.</summary>
    public bool MixesLabels => _plan.Mixing.Length > 0;

    /// <summary>
    /// Augments a mini-batch in place. Requires <see cref="OutputType"/> = <see cref="InputType"/>.
    /// </summary>
    /// <param name="images">N images, N×C×H×W floats, overwritten with their augmented versions.</param>
    /// <param name="labels">N class indices (0..K−1; only read when mixing or when soft targets are requested).</param>
    /// <param name="sampleIds">N stable ids of the images, normally their row indices in the training table.</param>
    /// <param name="epoch">The epoch number (0-based); a new epoch draws new augmentations.</param>
    /// <param name="softTargets">N×K floats to receive the soft targets, or empty. Required when <see cref="MixesLabels"/>.</param>
    public void Augment(Span<float> images, ReadOnlySpan<int> labels, ReadOnlySpan<int> sampleIds, int epoch, Span<float> softTargets = default)
    {
        if (_inSize != _outSize)
            throw new InvalidOperationException($"The pipeline turns {InputType.DisplayName} into {OutputType.DisplayName}, so it cannot augment in place; pass a destination of N×{_outSize} floats.");
        Augment(images, images, labels, sampleIds, epoch, softTargets);
    }

    /// <summary>
    /// Augments a mini-batch from <paramref name="images"/> into <paramref name="destination"/> (for instance straight
    /// from the rows of the training table into the batch buffer). The two may be the same memory, but must not
    /// otherwise overlap.
    /// </summary>
    /// <param name="images">N input images, N×C×H×W floats of <see cref="InputType"/>.</param>
    /// <param name="destination">N augmented images of <see cref="OutputType"/>.</param>
    /// <param name="labels">N class indices (0..K−1; only read when mixing or when soft targets are requested).</param>
    /// <param name="sampleIds">N stable ids of the images, normally their row indices in the training table.</param>
    /// <param name="epoch">The epoch number (0-based); a new epoch draws new augmentations.</param>
    /// <param name="softTargets">N×K floats to receive the soft targets, or empty. Required when <see cref="MixesLabels"/>.</param>
    /// <exception cref="ArgumentException">A length does not match N and the image types, or a label is outside 0..K−1.</exception>
    public void Augment(ReadOnlySpan<float> images, Span<float> destination, ReadOnlySpan<int> labels, ReadOnlySpan<int> sampleIds, int epoch, Span<float> softTargets = default)
    {
        int n = sampleIds.Length;
        CheckBatch(images, destination, labels, n, softTargets);
        bool inPlace = images.Overlaps(destination, out int offset);
        if (inPlace && (offset != 0 || images.Length != destination.Length))
            throw new ArgumentException("The destination overlaps the images without being the same memory; pass the same span (in place) or separate buffers.", nameof(destination));
        if (n == 0)
            return;
        Enter();
        try
        {
            fixed (float* src = images, dst = destination, soft = softTargets)
            fixed (int* ids = sampleIds, lab = labels)
            {
                Run(new Batch((nint)src, (nint)dst, (nint)ids, (nint)lab, (nint)soft, n, epoch, inPlace, softTargets.Length > 0));
            }
        }
        finally
        {
            Exit();
        }
    }

    private void Enter()
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
            throw new InvalidOperationException("This BatchAugmenter is already augmenting on another thread; create one augmenter per loader thread.");
    }

    private void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>
    /// Gathers and augments in one pass: image i of the batch is row <c>rows[i]</c> of <paramref name="images"/> (every
    /// image of the training column), written to <paramref name="destination"/>; <c>rows[i]</c> is also its sample id.
    /// This is what a batch loader needs, without first copying the rows into the batch buffer.
    /// </summary>
    /// <param name="images">All images, R×C×H×W floats of <see cref="InputType"/> (R ≥ every row index).</param>
    /// <param name="rows">The N row indices of the mini-batch.</param>
    /// <param name="destination">N augmented images of <see cref="OutputType"/>; must not overlap <paramref name="images"/>.</param>
    /// <param name="labels">N class indices of the batch (only read when mixing or when soft targets are requested).</param>
    /// <param name="epoch">The epoch number (0-based).</param>
    /// <param name="softTargets">N×K floats for the soft targets, or empty. Required when <see cref="MixesLabels"/>.</param>
    public void AugmentRows(ReadOnlySpan<float> images, ReadOnlySpan<int> rows, Span<float> destination, ReadOnlySpan<int> labels, int epoch, Span<float> softTargets = default)
    {
        int n = rows.Length;
        if (images.Length % _inSize != 0)
            throw new ArgumentException($"images holds {images.Length} floats, not a whole number of {InputType.DisplayName} images ({_inSize} floats each).", nameof(images));
        int available = images.Length / _inSize;
        for (int i = 0; i < n; i++)
            if ((uint)rows[i] >= (uint)available)
                throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"rows[{i}] = {rows[i]} is outside the {available} images.");
        CheckLength(destination.Length, checked(n * _outSize), nameof(destination), n);
        CheckTargets(labels, n, softTargets);
        if (images.Overlaps(destination))
            throw new ArgumentException("The destination overlaps the source images; gathering needs a separate batch buffer.", nameof(destination));
        if (n == 0)
            return;
        Enter();
        try
        {
            fixed (float* src = images, dst = destination, soft = softTargets)
            fixed (int* ids = rows, lab = labels)
            {
                var batch = new Batch((nint)src, (nint)dst, (nint)ids, (nint)lab, (nint)soft, n, epoch, false, softTargets.Length > 0, (nint)ids);
                Run(batch);
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Augments a batch of 8-bit images (values 0..255, N×C×H×W bytes, as decoded) from <paramref name="images"/>
    /// into <paramref name="destination"/>, which may be the same memory. Values are mapped to [0, MaxPixelValue],
    /// augmented and rounded back; per-image randomness is that of the float overloads. Pipelines that mix labels
    /// need the float overload (soft targets).
    /// </summary>
    public void Augment(ReadOnlySpan<byte> images, Span<byte> destination, ReadOnlySpan<int> sampleIds, int epoch)
    {
        int n = sampleIds.Length;
        if (MixesLabels)
            throw new InvalidOperationException("The pipeline mixes labels (Mixup/CutMix), which needs soft targets: use the float overload.");
        CheckLength(images.Length, checked(n * _inSize), nameof(images), n);
        CheckLength(destination.Length, checked(n * _outSize), nameof(destination), n);
        if (images.Overlaps(destination, out int offset) && (offset != 0 || _inSize != _outSize))
            throw new ArgumentException("The destination overlaps the images without being the same memory; pass the same span (in place) or separate buffers.", nameof(destination));
        if (n == 0)
            return;
        Enter();
        try
        {
            fixed (byte* src = images, dst = destination)
            fixed (int* ids = sampleIds)
            {
                nint source = (nint)src, target = (nint)dst, idPointer = (nint)ids;
                ForEachRange(n, WorkerCount(n), (start, end, workspace) =>
                {
                    var idSpan = new ReadOnlySpan<int>((int*)idPointer, n);
                    for (int i = start; i < end; i++)
                        AugmentBytes(new ReadOnlySpan<byte>((byte*)source + (long)i * _inSize, _inSize),
                            new Span<byte>((byte*)target + (long)i * _outSize, _outSize), Pipeline.ImageSeed(epoch, idSpan[i]), workspace);
                });
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Augments one image (no mixing), with the randomness of sample <paramref name="sampleId"/> in
    /// <paramref name="epoch"/> — the same result that image gets inside any batch of that epoch.
    /// </summary>
    public void AugmentImage(ReadOnlySpan<float> image, Span<float> destination, int sampleId, int epoch)
    {
        CheckLength(image.Length, _inSize, nameof(image));
        CheckLength(destination.Length, _outSize, nameof(destination));
        Enter();
        try
        {
            var workspace = _workspaces[0];
            if (image.Overlaps(destination))
            {
                var copy = workspace.Input(_inSize);
                image.CopyTo(copy);
                image = copy;
            }
            _plan.AugmentImage(image, destination, Pipeline.ImageSeed(epoch, sampleId), workspace);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Augments one 8-bit image (values 0..255, C×H×W) as <see cref="AugmentImage(ReadOnlySpan{float}, Span{float}, int, int)"/>
    /// does, for images kept as decoded bytes: values are mapped to [0, MaxPixelValue], augmented, rounded back.
    /// </summary>
    public void AugmentImage(ReadOnlySpan<byte> image, Span<byte> destination, int sampleId, int epoch)
    {
        CheckLength(image.Length, _inSize, nameof(image));
        CheckLength(destination.Length, _outSize, nameof(destination));
        Enter();
        try
        {
            AugmentBytes(image, destination, Pipeline.ImageSeed(epoch, sampleId), _workspaces[0]);
        }
        finally
        {
            Exit();
        }
    }

    internal AugmentationPlan Plan => _plan;

    internal void AugmentBytes(ReadOnlySpan<byte> image, Span<byte> destination, long imageSeed, AugmentationWorkspace workspace) =>
        _plan.AugmentImage(image, destination, imageSeed, workspace);

    /// <summary>One call's buffers; image i is read at row SourceRows[i] of Source when SourceRows is set, else at i.</summary>
    private readonly record struct Batch(nint Source, nint Destination, nint SampleIds, nint Labels, nint SoftTargets, int Count, int Epoch, bool InPlace, bool HasSoftTargets, nint SourceRows = 0);

    /// <summary>Per-image augmentation over the workers, then mixing or one-hot targets.</summary>
    private void Run(Batch batch)
    {
        int workers = WorkerCount(batch.Count);
        ForEachRange(batch.Count, workers, (start, end, workspace) => AugmentRange(batch, start, end, workspace));
        if (MixesLabels)
            MixBatch(batch, workers);
        else if (batch.HasSoftTargets)
            OneHot(batch);
    }

    private void AugmentRange(in Batch batch, int start, int end, AugmentationWorkspace workspace)
    {
        var ids = new ReadOnlySpan<int>((int*)batch.SampleIds, batch.Count);
        int* sourceRows = (int*)batch.SourceRows;
        for (int i = start; i < end; i++)
        {
            long row = sourceRows is null ? i : sourceRows[i];
            ReadOnlySpan<float> source = new((float*)batch.Source + row * _inSize, _inSize);
            Span<float> destination = new((float*)batch.Destination + (long)i * _outSize, _outSize);
            if (batch.InPlace)
            {
                var copy = workspace.Input(_inSize);
                source.CopyTo(copy);
                source = copy;
            }
            _plan.AugmentImage(source, destination, Pipeline.ImageSeed(batch.Epoch, ids[i]), workspace);
        }
    }

    /// <summary>
    /// Mixes image i with image i−1 (image 0 with the last). Each worker takes a contiguous range and walks it
    /// backwards, so image i−1 is still unmixed when image i reads it; the image before each range is copied
    /// first because another worker mixes it.
    /// </summary>
    private void MixBatch(in Batch batch, int workers)
    {
        int n = batch.Count;
        if (_partnerCopies.Length < workers * _outSize)
            _partnerCopies = new float[workers * _outSize];
        var all = new Span<float>((float*)batch.Destination, n * _outSize);
        for (int w = 0; w < workers; w++)
        {
            int start = Partition(n, workers, w).Start;
            int before = (start - 1 + n) % n;
            all.Slice(before * _outSize, _outSize).CopyTo(_partnerCopies.AsSpan(w * _outSize, _outSize));
        }
        var labels = new ReadOnlySpan<int>((int*)batch.Labels, n);
        for (int i = 0; i < n; i++)
            CheckLabel(labels[i], i);

        var copies = _partnerCopies;
        var localBatch = batch;
        if (workers == 1)
            MixRange(localBatch, 0, n, copies.AsSpan(0, _outSize), _workspaces[0]);
        else
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                var (start, end) = Partition(n, workers, w);
                MixRange(localBatch, start, end, copies.AsSpan(w * _outSize, _outSize), _workspaces[w]);
            });
    }

    /// <summary>Splits 0..n into contiguous ranges, one per worker, each with its own workspace.</summary>
    private void ForEachRange(int n, int workers, Action<int, int, AugmentationWorkspace> body)
    {
        if (workers == 1)
        {
            body(0, n, _workspaces[0]);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var (start, end) = Partition(n, workers, w);
            body(start, end, _workspaces[w]);
        });
    }

    private void MixRange(in Batch batch, int start, int end, ReadOnlySpan<float> partnerBeforeStart, AugmentationWorkspace workspace)
    {
        int n = batch.Count;
        var ids = new ReadOnlySpan<int>((int*)batch.SampleIds, n);
        var labels = new ReadOnlySpan<int>((int*)batch.Labels, n);
        var rng = workspace.Random;
        var mixing = _plan.Mixing;
        for (int i = end - 1; i >= start; i--)
        {
            int partner = (i - 1 + n) % n;
            Span<float> image = new((float*)batch.Destination + (long)i * _outSize, _outSize);
            ReadOnlySpan<float> partnerImage = i == start
                ? partnerBeforeStart
                : new ReadOnlySpan<float>((float*)batch.Destination + (long)partner * _outSize, _outSize);
            // A stream of its own, so mixing draws do not shift when per-image steps are added or removed.
            rng.Reseed(Randomness.SeededRandom.MixSeed(Pipeline.ImageSeed(batch.Epoch, ids[i]), MixingStream));
            var step = mixing.Length == 1 ? mixing[0] : mixing[rng.NextInt(mixing.Length)];
            float lambda = rng.NextDouble() < step.Probability ? step.Mix(image, partnerImage, _plan.OutputShape, rng) : 1f;
            if (batch.HasSoftTargets)
            {
                Span<float> target = new((float*)batch.SoftTargets + (long)i * ClassCount, ClassCount);
                target.Clear();
                target[labels[i]] += lambda;
                target[labels[partner]] += 1f - lambda;
            }
        }
    }

    private const long MixingStream = 0x6D697869; // "mixi"

    private void OneHot(in Batch batch)
    {
        var labels = new ReadOnlySpan<int>((int*)batch.Labels, batch.Count);
        var targets = new Span<float>((float*)batch.SoftTargets, batch.Count * ClassCount);
        targets.Clear();
        for (int i = 0; i < batch.Count; i++)
        {
            CheckLabel(labels[i], i);
            targets[i * ClassCount + labels[i]] = 1f;
        }
    }

    private void CheckLabel(int label, int position)
    {
        if ((uint)label >= (uint)ClassCount)
            throw new ArgumentException($"labels[{position}] = {label} is outside 0..{ClassCount - 1} (the augmenter was created for {ClassCount} classes).", "labels");
    }

    private void CheckBatch(ReadOnlySpan<float> images, Span<float> destination, ReadOnlySpan<int> labels, int n, Span<float> softTargets)
    {
        CheckLength(images.Length, checked(n * _inSize), nameof(images), n);
        CheckLength(destination.Length, checked(n * _outSize), nameof(destination), n);
        CheckTargets(labels, n, softTargets);
    }

    private void CheckTargets(ReadOnlySpan<int> labels, int n, Span<float> softTargets)
    {
        bool needLabels = MixesLabels || softTargets.Length > 0;
        if (needLabels && labels.Length != n)
            throw new ArgumentException($"labels holds {labels.Length} values for a batch of {n} images.", nameof(labels));
        if (MixesLabels && softTargets.Length == 0)
            throw new ArgumentException("The pipeline mixes labels (Mixup/CutMix): pass a softTargets buffer of N×K floats.", nameof(softTargets));
        if (softTargets.Length > 0)
        {
            if (ClassCount == 0)
                throw new ArgumentException("Soft targets need the number of classes: create the augmenter with classCount.", nameof(softTargets));
            CheckLength(softTargets.Length, checked(n * ClassCount), nameof(softTargets), n);
        }
    }

    private static void CheckLength(int actual, int expected, string name, int? batch = null)
    {
        if (actual != expected)
            throw new ArgumentException(batch is int n
                ? $"{name} holds {actual} floats; a batch of {n} needs {expected}."
                : $"{name} holds {actual} values; one image needs {expected}.", name);
    }

    private int WorkerCount(int n)
    {
        if ((long)n * _outSize < MinValuesForParallel)
            return 1;
        return Math.Min(_workspaces.Length, n);
    }

    private static (int Start, int End) Partition(int n, int workers, int w) => ((int)((long)n * w / workers), (int)((long)n * (w + 1) / workers));
}
