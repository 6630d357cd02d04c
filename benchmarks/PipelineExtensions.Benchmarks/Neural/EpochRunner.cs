using System.Diagnostics;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Layers;
using PipelineExtensions.Neural.Losses;
using PipelineExtensions.Neural.Optimizers;
using PipelineExtensions.Neural.Tensors;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.Benchmarks.Neural;

/// <summary>One shuffled training epoch (Adam, softmax cross-entropy), timed, with allocation and memory figures.</summary>
internal sealed class EpochRunner(Sequential network, VectorColumn images, KeyColumn labels, int[] sampleShape, int batch)
{
    private readonly Adam _optimizer = new(network.Parameters(), 1e-3);
    private readonly CrossEntropyLoss _loss = new();
    private readonly int _sampleSize = sampleShape.Aggregate(1, (a, b) => a * b);

    public int Rows => labels.Length;

    public (double Seconds, double MeanLoss, int Steps, long BytesPerStep) Run(int warmupSteps, int seed, int? maxSteps = null)
    {
        var order = Permutation(seed);
        var xb = new float[batch * _sampleSize];
        var yb = new int[batch];
        network.Train();
        for (int s = 0; s < warmupSteps; s++)
            Step(order, s * batch, batch, xb, yb);
        order = Permutation(seed + 1);
        GC.Collect();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        double total = 0;
        int steps = 0;
        var sw = Stopwatch.StartNew();
        for (int start = 0; start < Rows && steps < (maxSteps ?? int.MaxValue); start += batch, steps++)
            total += Step(order, start, Math.Min(batch, Rows - start), xb, yb);
        double seconds = sw.Elapsed.TotalSeconds;
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - allocated) / steps;
        return (seconds, total / steps, steps, perStep);
    }

    private float Step(int[] order, int start, int count, float[] xb, int[] yb)
    {
        for (int i = 0; i < count; i++)
        {
            int r = order[start + i];
            images.Row(r).CopyTo(xb.AsSpan(i * _sampleSize, _sampleSize));
            yb[i] = labels[r];
        }
        using var scope = new TensorScope();
        var x = Tensor.FromSpan(xb.AsSpan(0, count * _sampleSize), new TensorShape([count, .. sampleShape]));
        _optimizer.ZeroGrad();
        var loss = _loss.Forward(network.Forward(x), yb.AsSpan(0, count));
        loss.Backward();
        _optimizer.Step();
        return loss.Item();
    }

    private int[] Permutation(int seed)
    {
        var order = Enumerable.Range(0, Rows).ToArray();
        var random = new SeededRandom(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Full Fashion-MNIST training set from the dataset-fashion-mnist package, pixels in [0, 1].</summary>
    public static (VectorColumn Images, KeyColumn Labels, string ImagesPath, string LabelsPath) LoadFashionMnist()
    {
        const string dir = "/usr/share/datasets/fashion-mnist";
        string images = Path.Combine(dir, "train-images-idx3-ubyte.gz"), labels = Path.Combine(dir, "train-labels-idx1-ubyte.gz");
        if (!File.Exists(images))
            throw new FileNotFoundException("Install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist).", images);
        var table = new PipelineContext(0).Data.LoadFromIdx(images, labels);
        // The columns' arrays are used in place (no copy); drop the loader's temporaries before measuring memory.
        var result = (table.GetColumn<VectorColumn>(table.Schema[0].Name), table.GetColumn<KeyColumn>(table.Schema[1].Name), images, labels);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return result;
    }

    /// <summary>Resident-set figures from /proc (Linux): the current and the peak since the last reset, in MiB.</summary>
    public static (double Current, double Peak) ResidentMiB()
    {
        if (!File.Exists("/proc/self/status"))
            return (double.NaN, double.NaN);
        double Read(string key) => File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key)).Select(l => double.Parse(l.Split(':')[1].Trim().Split(' ')[0]) / 1024).FirstOrDefault(double.NaN);
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>Resets the kernel's peak-RSS counter so that the peak of the training phase alone can be read.</summary>
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
