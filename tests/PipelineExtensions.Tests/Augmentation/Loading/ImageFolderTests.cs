using PipelineExtensions.Persistence;
using Microsoft.Extensions.Logging;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Data;

namespace PipelineExtensions.Tests.Augmentation.Loading;

/// <summary>The folder dataset and the path-column transform, on PNG files written by the test.</summary>
public sealed class ImageFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pipex-images-" + Guid.NewGuid().ToString("N"));

    public ImageFolderTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes a w×h RGB PNG whose pixel (x, y) is (r, x·10, y·10).</summary>
    private string WritePng(string relative, int w, int h, byte r)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                (pixels[(y * w + x) * 3], pixels[(y * w + x) * 3 + 1], pixels[(y * w + x) * 3 + 2]) = (r, (byte)(x * 10), (byte)(y * 10));
        File.WriteAllBytes(path, PngEncoder.Encode(pixels, w, h, 3));
        return path;
    }

    [Fact]
    public void LoadsClassesFromSubfoldersInOrdinalOrder()
    {
        WritePng("dog/b.png", 4, 3, 200);
        WritePng("cat/a.png", 4, 3, 100);
        WritePng("dog/a.png", 4, 3, 150);
        WritePng("cat/nested/c.png", 4, 3, 50);
        File.WriteAllText(Path.Combine(_root, "cat", "notes.txt"), "not an image");
        var ctx = new PipelineContext(seed: 1);
        var table = ctx.Data.LoadImageFolder(_root, new ImageFolderOptions { Scale = 1f });
        Assert.Equal(4, table.RowCount);
        var labels = table.GetColumn<KeyColumn>("Label");
        Assert.Equal(new[] { "cat", "dog" }, labels.KeyType.ClassNames);
        Assert.Equal(new[] { 0, 0, 1, 1 }, labels.Keys.ToArray());
        var paths = table.GetColumn<TextColumn>("Path");
        Assert.EndsWith(Path.Combine("cat", "a.png"), paths[0]);
        Assert.EndsWith(Path.Combine("cat", "nested", "c.png"), paths[1]);
        var images = table.GetColumn<VectorColumn>("Image");
        Assert.Equal(new ImageType(3, 3, 4), images.VectorType);
        // CHW: red plane constant, green = 10·x, blue = 10·y.
        var first = images.Row(0).ToArray();
        Assert.All(first[..12], v => Assert.Equal(100f, v));
        Assert.Equal(new float[] { 0, 10, 20, 30, 0, 10, 20, 30, 0, 10, 20, 30 }, first[12..24]);
        Assert.Equal(new float[] { 0, 0, 0, 0, 10, 10, 10, 10, 20, 20, 20, 20 }, first[24..36]);
    }

    [Fact]
    public void ResizesAndConvertsToGrey()
    {
        WritePng("a/x.png", 8, 6, 90);
        WritePng("b/y.png", 5, 9, 30);
        var ctx = new PipelineContext(seed: 1);
        var table = ctx.Data.LoadImageFolder(_root, 4, 4, ImageColorMode.Grayscale);
        var images = table.GetColumn<VectorColumn>("Image");
        Assert.Equal(new ImageType(1, 4, 4), images.VectorType);
        Assert.All(images.Data.ToArray(), v => Assert.InRange(v, 0f, 1f));
        // Grey of (90, 10x, 10y) at the top-left corner area is about 0.299·90/255 plus small terms.
        Assert.InRange(images.Row(0)[0], 0.299f * 90 / 255, 0.299f * 90 / 255 + 0.1f);
    }

    [Fact]
    public void CorruptFilesThrowWithThePathOrAreSkippedAndLogged()
    {
        WritePng("a/good.png", 4, 4, 10);
        WritePng("b/good.png", 4, 4, 20);
        string bad = Path.Combine(_root, "b", "bad.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        var ctx = new PipelineContext(seed: 1);
        var error = Assert.Throws<ImageDecodingException>(() => ctx.Data.LoadImageFolder(_root, 4, 4));
        Assert.Equal(bad, error.Path);
        Assert.Contains("bad.png", error.Message);

        var logger = new ListLogger();
        var logged = new PipelineContext(seed: 1, loggerFactory: new SingleLoggerFactory(logger));
        var table = logged.Data.LoadImageFolder(_root, new ImageFolderOptions { Height = 4, Width = 4, OnError = ImageErrorPolicy.Skip });
        Assert.Equal(2, table.RowCount);
        Assert.Equal(new[] { 0, 1 }, table.GetColumn<KeyColumn>("Label").Keys.ToArray());
        Assert.Contains(logger.Messages, m => m.Contains("bad.png"));
        Assert.Contains(logger.Messages, m => m.Contains("skipped 1"));
    }

    [Fact]
    public void DifferentSizesNeedAResize()
    {
        WritePng("a/one.png", 4, 4, 10);
        string odd = WritePng("a/two.png", 5, 4, 10);
        var ctx = new PipelineContext(seed: 1);
        var error = Assert.Throws<ImageDecodingException>(() => ctx.Data.LoadImageFolder(_root, new ImageFolderOptions()));
        Assert.Equal(odd, error.Path);
        Assert.Contains("Height and Width", error.Message);
        Assert.Throws<DirectoryNotFoundException>(() => ctx.Data.LoadImageFolder(Path.Combine(_root, "missing"), 4, 4));
        Assert.Throws<ArgumentException>(() => ctx.Data.LoadImageFolder(_root, new ImageFolderOptions { Height = 4 }));
    }

    [Fact]
    public void LoadImagesReadsAPathColumnAndSavesInAModel()
    {
        WritePng("x/1.png", 6, 6, 60);
        WritePng("x/2.png", 6, 6, 120);
        var ctx = new PipelineContext(seed: 1);
        var input = new DataTable(
            new TextColumn("File", ["x/1.png", "x/2.png", "x/missing.png"]),
            new ScalarColumn<int>("Id", [1, 2, 3]));
        var estimator = ctx.Augmentation.LoadImages(new LoadImagesOptions
        {
            OutputColumnName = "Image", PathColumnName = "File", BaseDirectory = _root, Height = 3, Width = 3,
            ColorMode = ImageColorMode.Rgb, OnError = ImageErrorPolicy.Skip,
        });
        Assert.Equal(new ImageType(3, 3, 3), estimator.GetOutputSchema(input.Schema)["Image"].Type);
        var model = estimator.Fit(input);
        var output = model.Transform(input);
        Assert.Equal(new[] { 1, 2 }, output.GetColumn<ScalarColumn<int>>("Id").Values.ToArray());
        Assert.Equal(60f / 255, output.GetColumn<VectorColumn>("Image").Row(0)[0], 5);

        string file = Path.Combine(_root, "model.zip");
        ModelFile.Save(model, input.Schema, file);
        var loaded = ModelFile.Load(file, out _);
        Assert.Equal(output.GetColumn<VectorColumn>("Image").Data.ToArray(), loaded.Transform(input).GetColumn<VectorColumn>("Image").Data.ToArray());

        var strict = ctx.Augmentation.LoadImages("Image", "File", 3, 3);
        var error = Assert.Throws<ImageDecodingException>(() => strict.Fit(input).Transform(input));
        Assert.Contains("x/1.png", error.Message); // relative to the current directory: not found
        Assert.Throws<SchemaMismatchException>(() => ctx.Augmentation.LoadImages("Image", "Id", 3, 3).GetOutputSchema(input.Schema));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
                Messages.Add(formatter(state, exception));
        }
    }

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
