using System.IO.Compression;
using System.Text.Json.Nodes;
using PipelineExtensions.Cli.Reports;
using PipelineExtensions.Data;
using PipelineExtensions.Randomness;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Tests.Reports;

/// <summary>Synthetic runs, images, PNGs and sweeps for report tests (the CLI tests see only public core API).</summary>
internal static class ReportTestData
{
    // A class name that would run script if it were not escaped.
    public const string HostileClass = "<img src=x onerror=alert(1)>";

    public static readonly string[] Classes = ["T-shirt", "Trouser", HostileClass];

    /// <summary>A confusion matrix with the given per-class supports and recall.</summary>
    public static long[] Confusion(int[] supports, double recall, bool collapsed = false)
    {
        int k = supports.Length;
        var counts = new long[k * k];
        for (int c = 0; c < k; c++)
        {
            if (collapsed)
            {
                counts[c * k] = supports[c];
                continue;
            }
            long right = (long)Math.Round(recall * supports[c]);
            counts[c * k + c] = right;
            counts[c * k + (c + 1) % k] = supports[c] - right;
        }
        return counts;
    }

    /// <summary>
    /// A history in the training history's JSON format: per epoch the losses, the learning rate and the confusion
    /// matrices; events as (epoch, kind, from, to).
    /// </summary>
    public static TrainingHistory History(double[] trainLoss, double[] valLoss, double[] lr, Func<int, long[]> trainConfusion, Func<int, long[]> valConfusion,
        (int Epoch, TrainingEventKind Kind, double? From, double? To)[] events, StopReason stop = StopReason.EpochsCompleted, int? restored = null)
    {
        int n = trainLoss.Length, k = Classes.Length;
        var epochs = new JsonArray();
        for (int e = 0; e < n; e++)
            epochs.Add(new JsonObject
            {
                ["epoch"] = e,
                ["epochs"] = n,
                ["learning_rate"] = lr[e],
                ["steps"] = 100L * (e + 1),
                ["duration_ticks"] = TimeSpan.FromSeconds(2).Ticks,
                ["train"] = Part(trainLoss[e], k, trainConfusion(e)),
                ["validation"] = Part(valLoss[e], k, valConfusion(e)),
            });
        var eventArray = new JsonArray();
        foreach (var (epoch, kind, from, to) in events)
            eventArray.Add(new JsonObject
            {
                ["epoch"] = epoch,
                ["step"] = 100L * (epoch + 1),
                ["kind"] = kind.ToString(),
                ["source"] = "test",
                ["message"] = $"{kind} at epoch {epoch + 1}",
                ["from"] = from,
                ["to"] = to,
            });
        return TrainingHistory.FromJson(new JsonObject
        {
            ["format"] = "pipex-training-history",
            ["version"] = 1,
            ["stop_reason"] = stop.ToString(),
            ["stop_message"] = null,
            ["restored_epoch"] = restored,
            ["class_names"] = new JsonArray(Classes.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["epochs"] = epochs,
            ["events"] = eventArray,
        });
    }

    private static JsonObject Part(double loss, int k, long[] confusion) => new()
    {
        ["loss"] = loss,
        ["classes"] = k,
        ["confusion"] = new JsonArray(confusion.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
    };

    public static readonly int[] TrainSupport = [900, 500, 60];
    public static readonly int[] ValSupport = [300, 160, 20];

    /// <summary>The plain run: stuck predicting the majority class, flat loss.</summary>
    public static TrainingHistory Plain() => History(
        Series(12, e => 0.92 - 0.01 * Math.Exp(-e)), Series(12, e => 0.93 - 0.008 * Math.Exp(-e)), Series(12, _ => 1e-3),
        _ => Confusion(TrainSupport, 0, collapsed: true), _ => Confusion(ValSupport, 0, collapsed: true), []);

    /// <summary>The remedied run: improving, two learning-rate cuts, early stop, best weights restored.</summary>
    public static TrainingHistory Remedied() => History(
        Series(16, e => 0.25 + 0.7 * Math.Exp(-e / 3.0)), Series(16, e => 0.35 + 0.6 * Math.Exp(-e / 3.5) + (e > 11 ? 0.01 * (e - 11) : 0)),
        Series(16, e => e < 7 ? 1e-3 : e < 11 ? 5e-4 : 2.5e-4),
        e => Confusion(TrainSupport, 0.5 + 0.45 * (1 - Math.Exp(-e / 3.0))), e => Confusion(ValSupport, 0.45 + 0.4 * (1 - Math.Exp(-e / 3.0))),
        [(6, TrainingEventKind.LearningRateChanged, 1e-3, 5e-4), (10, TrainingEventKind.LearningRateChanged, 5e-4, 2.5e-4),
         (11, TrainingEventKind.BestEpoch, null, null), (15, TrainingEventKind.EarlyStopped, null, null)],
        StopReason.EarlyStopping, restored: 11);

    public static double[] Series(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();

    /// <summary>Training data with the plain run's class counts (features: three blobs, 6 dimensions).</summary>
    public static DataTable TrainTable()
    {
        var random = new SeededRandom(2);
        int n = TrainSupport.Sum(), d = 6;
        var features = new float[n * d];
        var labels = new int[n];
        int row = 0;
        for (int c = 0; c < TrainSupport.Length; c++)
            for (int i = 0; i < TrainSupport[c]; i++, row++)
            {
                labels[row] = c;
                for (int f = 0; f < d; f++)
                    features[row * d + f] = (float)((f % 3 == c ? 3.0 : 0.0) + random.NextGaussian());
            }
        return new DataTable(new VectorColumn("Features", ColumnType.Vector(d), features), new KeyColumn("Label", ColumnType.Key(Classes), labels));
    }

    /// <summary>A 28×28 grayscale ring, shifted and brightened by <paramref name="n"/>.</summary>
    public static float[] Ring(int n)
    {
        var image = new float[28 * 28];
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                double r = Math.Sqrt(Math.Pow(x - 14 - n % 4, 2) + Math.Pow(y - 14 + n / 4 * 2, 2));
                image[y * 28 + x] = (float)Math.Clamp((1 - Math.Abs(r - 8) / 3) * (0.6 + 0.05 * n), 0, 1);
                if (x is >= 3 and < 9 && y is >= 2 and < 6)
                    image[y * 28 + x] = 1; // a mark in one corner, so flips and rotations show
            }
        return image;
    }

    /// <summary>Eight rings as a report image grid.</summary>
    public static ImageGrid Images()
    {
        var grid = new ImageGrid(ColumnType.Image(1, 28, 28), columns: 4);
        for (int n = 0; n < 8; n++)
            grid.Add(Ring(n), n == 0 ? "original" : $"variant {n}");
        return grid;
    }

    /// <summary>The augmentation renderer's grid of two rings and five random flips/rotations of each.</summary>
    public static PipelineExtensions.Augmentation.AugmentationGrid RenderedGrid()
    {
        var ctx = new PipelineContext(seed: 3);
        var images = new DataTable(new VectorColumn("Image", ColumnType.Image(1, 28, 28), [.. Ring(0), .. Ring(5)]));
        var pipeline = ctx.Augmentation.Compose(ctx.Augmentation.RandomFlip(), ctx.Augmentation.RandomRotation(30));
        return ctx.Augmentation.RenderGrid(pipeline, images, "Image", new PipelineExtensions.Augmentation.AugmentationGridOptions { Variants = 5, Images = 2, Scale = 3 });
    }

    /// <summary>A valid RGB PNG of a colour gradient (zlib-compressed scanlines, CRC-checked chunks).</summary>
    public static byte[] Png(int width = 96, int height = 48)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (int x = 0; x < width; x++)
            {
                raw.WriteByte((byte)(255 * x / width));
                raw.WriteByte((byte)(255 * y / height));
                raw.WriteByte(160);
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw.ToArray());
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        s.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        s.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A 40-trial sweep whose objective depends strongly on the learning rate and weakly on the rest.</summary>
    public static SweepResults Sweep()
    {
        var random = new SeededRandom(5);
        var trials = new List<SweepTrial>();
        string[] samplers = ["none", "RandomOverSampler", "Smote"];
        for (int t = 0; t < 40; t++)
        {
            double logLr = random.NextDouble(-5, -1);
            double decay = Math.Pow(10, random.NextDouble(-6, -2));
            string sampler = samplers[random.NextInt(3)];
            double objective = 0.9 - 0.08 * Math.Pow(logLr + 3, 2) + (sampler == "none" ? -0.05 : 0) + 0.01 * random.NextGaussian();
            trials.Add(t % 9 == 8
                ? new SweepTrial(t, double.NaN, new Dictionary<string, string> { ["lr"] = "1" }, "Pruned")
                : SweepTrial.Create(t, objective, ("learning_rate", Math.Pow(10, logLr)), ("weight_decay", decay), ("sampler", sampler)));
        }
        return new SweepResults("val_balanced_accuracy", maximize: true, trials);
    }
}
