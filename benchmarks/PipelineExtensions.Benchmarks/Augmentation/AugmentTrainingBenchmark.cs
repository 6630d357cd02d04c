using System.Diagnostics;
using System.Globalization;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Benchmarks.Infrastructure;
using PipelineExtensions.Data;
using PipelineExtensions.Neural.Trainers;

namespace PipelineExtensions.Benchmarks.Augmentation;

/// <summary>
/// Training throughput of the small CNN on Fashion-MNIST with and without online augmentation (issue target: less
/// than 15 % slower with augmentation on). Plain and augmented runs alternate so load changes hit both; the
/// augmenter is also timed alone over an epoch's batches.
/// Usage: <c>augment-training [--rows N] [--epochs E] [--repeats R]</c>.
/// </summary>
public sealed class AugmentTrainingBenchmark : ISideBySideBenchmark
{
    /// <inheritdoc />
    public string Name => "augment-training";

    /// <inheritdoc />
    public string Description => "Small-CNN training throughput on Fashion-MNIST with vs without online augmentation";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        int rows = 10000, epochs = 2, repeats = 2;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--rows": rows = value; break;
                case "--epochs": epochs = value; break;
                case "--repeats": repeats = value; break;
            }
        }
        const string folder = "/usr/share/datasets/fashion-mnist";
        var ctx = new PipelineContext(seed: 1);
        var all = ctx.Data.LoadFromIdx(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"));
        var train = all.Slice(0, Math.Min(rows, all.RowCount));
        var augment = ctx.Augmentation.Compose(
            new AugmentationPipelineOptions { FillMode = FillMode.Constant, Seed = 3 },
            ctx.Augmentation.RandomFlip(),
            ctx.Augmentation.RandomAffine(degrees: 10, translate: 0.1, scaleMin: 0.9, scaleMax: 1.1),
            ctx.Augmentation.RandomErasing(0.5));
        Console.WriteLine($"augment-training: {train.RowCount} Fashion-MNIST images, small CNN, batch 64, {epochs} epochs, {Environment.ProcessorCount} cores, load {ReferenceScripts.Load()}");
        Console.WriteLine($"augmentation: {augment}");

        var plain = new List<double>();
        var augmented = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            plain.Add(Train(ctx, train, epochs, null));
            augmented.Add(Train(ctx, train, epochs, augment));
            Console.WriteLine($"  repeat {r + 1}: plain {plain[^1]:F0} img/s, augmented {augmented[^1]:F0} img/s");
        }
        double bestPlain = plain.Max(), bestAugmented = augmented.Max();
        double alone = AugmentOnly(augment, train, epochs);
        Console.WriteLine($"best plain {bestPlain:F0} img/s, best augmented {bestAugmented:F0} img/s: throughput drop {100 * (1 - bestAugmented / bestPlain):F1} % (target < 15 %)");
        Console.WriteLine($"the augmenter alone: {alone:F0} img/s ({100 * bestPlain / alone:F1} % of a plain training step's time per image)");
        Console.WriteLine($"load after: {ReferenceScripts.Load()}");
        return 0;
    }

    /// <summary>Training images per second (every epoch's rows, validation excluded from the count).</summary>
    private static double Train(PipelineContext ctx, DataTable train, int epochs, AugmentationPipeline? augment)
    {
        var trainer = ctx.Trainers.ImageClassifier(new ImageClassifierOptions
        {
            Epochs = epochs,
            BatchSize = 64,
            ValidationFraction = 0.1,
            Seed = 5,
            Augmentation = augment,
        });
        var watch = Stopwatch.StartNew();
        trainer.Fit(train);
        return epochs * train.RowCount * 0.9 / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Images per second of the augmenter alone over batches of 64, in place, as the trainer calls it.</summary>
    private static double AugmentOnly(AugmentationPipeline augment, DataTable train, int epochs)
    {
        var images = train.GetColumn<VectorColumn>("Image");
        var augmenter = augment.CreateBatchAugmenter((ImageType)images.Type);
        int size = images.Size, n = images.Length;
        var batch = new float[64 * size];
        var ids = new int[64];
        var watch = Stopwatch.StartNew();
        for (int epoch = 0; epoch < epochs; epoch++)
            for (int start = 0; start + 64 <= n; start += 64)
            {
                images.Data.Slice(start * size, 64 * size).CopyTo(batch);
                for (int i = 0; i < 64; i++)
                    ids[i] = start + i;
                augmenter.Augment(batch, default, ids, epoch);
            }
        return epochs * (n / 64) * 64 / watch.Elapsed.TotalSeconds;
    }
}
