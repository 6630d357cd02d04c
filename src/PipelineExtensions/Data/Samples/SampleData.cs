using PipelineExtensions.Data.Csv;
using PipelineExtensions.Data.Idx;

namespace PipelineExtensions.Data.Samples;

/// <summary>
/// The small data sets embedded in the library (made by the scripts in <c>samples/</c>), for demos, tests and
/// documentation: no file paths, no download. Tables are immutable, so each is loaded once and shared.
/// </summary>
/// <example><code>
/// var train = SampleData.FashionMnistTrain();   // 2,000 images, Image: 1x28x28 in [0, 1], Label: 10 classes
/// var credit = SampleData.ImbalancedTabular();   // 4,000 rows, f01..f12, label normal/review/fraud ≈ 90/8/2 %
/// </code></example>
public static class SampleData
{
    private const string Prefix = "PipelineExtensions.Samples.";
    private static readonly Lazy<DataTable>[] FashionCache = [.. Enumerable.Range(0, 4).Select(i => new Lazy<DataTable>(() => LoadFashion(i)))];
    private static readonly Lazy<DataTable> ImbalancedCache = new(LoadImbalanced);

    /// <summary>The ten Fashion-MNIST classes, in label order (0 = T-shirt/top ... 9 = Ankle boot).</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The class names of <see cref="ImbalancedTabular"/>'s <c>label</c>, majority first.</summary>
    public static IReadOnlyList<string> ImbalancedClassNames { get; } = ["normal", "review", "fraud"];

    /// <summary>
    /// 2,000 Fashion-MNIST training images, 200 per class: an <c>Image</c> column (<see cref="ImageType"/> 1×28×28)
    /// and a <c>Label</c> key column with <see cref="FashionMnistClassNames"/>.
    /// </summary>
    /// <param name="scaling">Pixel scaling: <see cref="PixelScaling.UnitInterval"/> (default) gives [0, 1], <see cref="PixelScaling.None"/> 0..255.</param>
    public static DataTable FashionMnistTrain(PixelScaling scaling = PixelScaling.UnitInterval) => FashionCache[Index(train: true, scaling)].Value;

    /// <summary>1,000 Fashion-MNIST test images, 100 per class; same columns as <see cref="FashionMnistTrain"/>.</summary>
    /// <param name="scaling">Pixel scaling: <see cref="PixelScaling.UnitInterval"/> (default) gives [0, 1], <see cref="PixelScaling.None"/> 0..255.</param>
    public static DataTable FashionMnistTest(PixelScaling scaling = PixelScaling.UnitInterval) => FashionCache[Index(train: false, scaling)].Value;

    /// <summary>
    /// 4,000 rows of a three-class tabular problem with a strong imbalance (normal 89.5 %, review 8.2 %,
    /// fraud 2.4 %): float columns <c>f01</c>..<c>f12</c> and a <c>label</c> key column with
    /// <see cref="ImbalancedClassNames"/>. Learnable: class weights lift a linear model's balanced accuracy
    /// from about 0.46 to 0.65 (samples/README.md).
    /// </summary>
    public static DataTable ImbalancedTabular() => ImbalancedCache.Value;

    /// <summary>Opens the embedded CSV behind <see cref="ImbalancedTabular"/> (the caller disposes the stream).</summary>
    public static Stream OpenImbalancedCsv() => Open("imbalanced.credit-like.csv");

    private static int Index(bool train, PixelScaling scaling)
    {
        if (!Enum.IsDefined(scaling))
            throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "Unknown pixel scaling.");
        return (train ? 0 : 2) + (scaling == PixelScaling.UnitInterval ? 0 : 1);
    }

    private static DataTable LoadFashion(int index)
    {
        string split = index < 2 ? "train" : "test";
        var options = new IdxLoaderOptions
        {
            ClassNames = FashionMnistClassNames,
            Scaling = index % 2 == 0 ? PixelScaling.UnitInterval : PixelScaling.None,
        };
        using var images = Open($"fashion-mnist.{split}-images-idx3-ubyte.gz");
        using var labels = Open($"fashion-mnist.{split}-labels-idx1-ubyte.gz");
        return IdxLoader.LoadPair(images, $"embedded {split} images", labels, $"embedded {split} labels", options);
    }

    private static DataTable LoadImbalanced()
    {
        var columns = Enumerable.Range(1, 12).Select(i => new SchemaColumn($"f{i:00}", ColumnType.Single))
            .Append(new SchemaColumn("label", ColumnType.Key(ImbalancedClassNames)))
            .ToArray();
        using var stream = OpenImbalancedCsv();
        return CsvReader.Read(stream, "embedded credit-like.csv", new CsvLoaderOptions { Columns = columns });
    }

    private static Stream Open(string name) =>
        typeof(SampleData).Assembly.GetManifestResourceStream(Prefix + name)
        ?? throw new InvalidOperationException($"The embedded sample '{name}' is missing from {typeof(SampleData).Assembly.GetName().Name}; the build did not embed samples/.");
}
