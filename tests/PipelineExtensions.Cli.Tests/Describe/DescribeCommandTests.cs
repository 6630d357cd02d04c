using System.Buffers.Binary;
using PipelineExtensions.Cli;
using PipelineExtensions.Data.Samples;
using Spectre.Console;

namespace PipelineExtensions.Cli.Tests.Describe;

public sealed class DescribeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipex-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Output) Invoke(params string[] args) => CliHarness.Invoke(args);

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    [Fact]
    public void Csv_shows_schema_rows_and_one_bar_per_class()
    {
        string csv = Path("credit-like.csv");
        using (var s = SampleData.OpenImbalancedCsv())
        using (var f = File.Create(csv))
            s.CopyTo(f);
        var (exit, output) = Invoke("describe", csv);
        Assert.Equal(0, exit);
        Assert.Contains("4,000 rows, 13 columns", output);
        Assert.Contains("f01", output);
        Assert.Contains("Single", output);
        Assert.Contains("normal (89.5%)", output);
        Assert.Contains("review (8.2%)", output);
        Assert.Contains("fraud (2.4%)", output);
        Assert.Contains("3578", output);
        Assert.Contains("Imbalance ratio (largest / smallest class): 37.3", output);
    }

    [Fact]
    public void Arrow_file_keeps_image_type_and_class_names()
    {
        string arrow = Path("fashion.arrow");
        new PipelineContext(seed: 1).Data.SaveAsArrow(SampleData.FashionMnistTest(), arrow);
        var (exit, output) = Invoke("describe", arrow);
        Assert.Equal(0, exit);
        Assert.Contains("Arrow IPC file", output);
        Assert.Contains("1,000 rows", output);
        Assert.Contains("Image<1x28x28>", output);
        foreach (var name in SampleData.FashionMnistClassNames)
            Assert.Contains($"{name} (10.0%)", output);
    }

    [Fact]
    public void Idx_images_file_picks_up_its_labels_file()
    {
        File.WriteAllBytes(Path("tiny-images-idx3-ubyte"), Idx([3, 2, 2], new byte[12]));
        File.WriteAllBytes(Path("tiny-labels-idx1-ubyte"), Idx([3], [0, 1, 1]));
        var (exit, output) = Invoke("describe", Path("tiny-images-idx3-ubyte"));
        Assert.Equal(0, exit);
        Assert.Contains("IDX", output);
        Assert.Contains("labels from tiny-labels-idx1-ubyte", output);
        Assert.Contains("Image<1x2x2>", output);
        Assert.Contains("1 (66.7%)", output);
    }

    [Fact]
    public void Label_option_picks_the_class_column()
    {
        File.WriteAllText(Path("t.csv"), "a,b\nx,1\ny,1\nx,2\n");
        var (exit, output) = Invoke("describe", Path("t.csv"), "--label", "a");
        Assert.Equal(0, exit);
        Assert.Contains("x (66.7%)", output);
        var (badExit, badOutput) = Invoke("describe", Path("t.csv"), "--label", "zz");
        Assert.Equal(1, badExit);
        Assert.Contains("'zz' not found", badOutput);
    }

    [Fact]
    public void Bad_or_missing_files_give_a_clear_message_and_a_non_zero_exit()
    {
        File.WriteAllText(Path("ragged.csv"), "a,b\n1,2\n3\n");
        var (exit, output) = Invoke("describe", Path("ragged.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("error:", output);
        Assert.Contains("line 3", output);
        var cut = Idx([3, 2, 2], new byte[12])[..10];
        File.WriteAllBytes(Path("cut-images-idx3-ubyte"), cut);
        (exit, output) = Invoke("describe", Path("cut-images-idx3-ubyte"));
        Assert.Equal(1, exit);
        Assert.Contains("truncated", output);
        (exit, output) = Invoke("describe", Path("none.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", output);
        Assert.NotEqual(0, Invoke("describe").Exit);
    }

    private static byte[] Idx(int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }
}
