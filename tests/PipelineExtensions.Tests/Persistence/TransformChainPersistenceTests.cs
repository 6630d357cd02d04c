using System.IO.Compression;
using PipelineExtensions.Data;
using PipelineExtensions.Data.Samples;
using PipelineExtensions.Persistence;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Tests.Data;

namespace PipelineExtensions.Tests.Persistence;

public class TransformChainPersistenceTests
{
    private readonly PipelineContext _ctx = new(seed: 1);

    private (ITransformer Model, DataTable Train, DataTable Test) FitEveryTransform()
    {
        var data = SampleData.ImbalancedTabular();
        var asText = _ctx.Transforms.MapKeyToValue("labelText", "label").Fit(data).Transform(data);
        var (train, test, _, _) = _ctx.Data.StratifiedTrainValidationSplit(asText, "label", 0.3, seed: 5);
        var pipeline = _ctx.Transforms.MapValueToKey("Label", "labelText")
            .Append(_ctx.Transforms.ConvertType("f01d", "f01", ScalarKind.Double))
            .Append(_ctx.Transforms.NormalizeMinMax("f01d"))
            .Append(_ctx.Transforms.Concatenate("Features", "f02", "f03", "f04", "f05", "f06", "f01d"))
            .Append(_ctx.Transforms.NormalizeMeanVariance("Features"))
            .Append(_ctx.Transforms.NormalizeMinMax("Scaled", "Features"))
            .Append(_ctx.Transforms.MapKeyToValue("Predicted", "Label"))
            .Append(_ctx.Transforms.DropColumns("labelText"))
            .Append(_ctx.Transforms.SelectColumns("Scaled", "Features", "Label", "Predicted"));
        return (pipeline.Fit(train), train, test);
    }

    [Fact]
    public void Saved_chain_of_every_transform_reloads_and_transforms_bit_identically()
    {
        var (model, train, test) = FitEveryTransform();
        using var dir = new TempDirectory();
        string path = dir.File("model.zip");
        _ctx.Model.Save(model, train.Schema, path);
        var loaded = _ctx.Model.Load(path, out var schema);
        Assert.True(schema.SameAs(train.Schema));
        TableAssert.Identical(model.Transform(test), loaded.Transform(test));
        Assert.Equal(["Scaled", "Features", "Label", "Predicted"], loaded.GetOutputSchema(test.Schema).Names);
    }

    [Fact]
    public void Corrupt_truncated_and_foreign_model_files_fail_clearly()
    {
        var (model, train, _) = FitEveryTransform();
        using var ms = new MemoryStream();
        ModelFile.Save(model, train.Schema, ms);
        var bytes = ms.ToArray();

        Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(bytes[..(bytes.Length / 3)]), out _, "cut.zip"));

        // Flip one byte inside a stored array: the SHA-256 check must catch it.
        var corrupt = Rewrite(bytes, (name, data) => name.StartsWith("arrays/", StringComparison.Ordinal) && data.Length > 8 ? Flip(data) : data);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(corrupt), out _, "flipped.zip"));
        Assert.Contains("flipped.zip", e.Message);

        var foreign = new MemoryStream();
        using (var zip = new ZipArchive(foreign, ZipArchiveMode.Create, leaveOpen: true))
            using (var w = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
                w.Write("{\"format\":\"something-else\"}");
        foreign.Position = 0;
        Assert.Contains("not a PipelineExtensions model file", Assert.Throws<ModelFormatException>(() => ModelFile.Load(foreign, out _, "other.zip")).Message);
    }

    private static byte[] Flip(byte[] data)
    {
        var copy = (byte[])data.Clone();
        copy[copy.Length / 2] ^= 0xFF;
        return copy;
    }

    private static byte[] Rewrite(byte[] zipBytes, Func<string, byte[], byte[]> change)
    {
        using var input = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in input.Entries)
            {
                using var s = entry.Open();
                using var buffer = new MemoryStream();
                s.CopyTo(buffer);
                using var target = zip.CreateEntry(entry.FullName).Open();
                target.Write(change(entry.FullName, buffer.ToArray()));
            }
        return output.ToArray();
    }
}
