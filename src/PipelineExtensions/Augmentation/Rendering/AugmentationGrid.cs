using System.Globalization;
using System.Net;
using System.Text;
using PipelineExtensions.Data;
using PipelineExtensions.IO;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// A picture of what an augmentation pipeline does: one row per image, the original first, then variants. Variant
/// k of an image is exactly what training epoch k shows for that row (its stream for epoch k and its row index);
/// Mixup/CutMix are left out, since they need a batch. Write it as a PNG or as a self-contained HTML fragment
/// (data-URI images) for reports and notebooks.
/// </summary>
/// <example>
/// <code>
/// var grid = ctx.Augmentation.RenderGrid(augment, train, "Image", new AugmentationGridOptions { Variants = 6, LabelColumnName = "Label" });
/// grid.SavePng("augmentations.png");
/// File.WriteAllText("grid.html", grid.ToHtml());
/// </code>
/// </example>
public sealed class AugmentationGrid
{
    private readonly byte[][][] _cells; // [row][column] → interleaved H×W×C bytes, unscaled
    private readonly int _cellHeight, _cellWidth, _channels, _scale, _padding;
    private readonly string[] _rowLabels;

    private AugmentationGrid(byte[][][] cells, int cellHeight, int cellWidth, int channels, int scale, int padding, string[] rowLabels, string caption)
    {
        _cells = cells;
        _cellHeight = cellHeight;
        _cellWidth = cellWidth;
        _channels = channels;
        _scale = scale;
        _padding = padding;
        _rowLabels = rowLabels;
        Caption = caption;
    }

    /// <summary>Number of image rows.</summary>
    public int Rows => _rowLabels.Length;

    /// <summary>Columns per row: the original and the variants.</summary>
    public int Columns => _cells.Length == 0 ? 0 : _cells[0].Length;

    /// <summary>A description of the pipeline shown under the grid.</summary>
    public string Caption { get; }

    /// <summary>Renders the grid of <paramref name="images"/> (an image column) through <paramref name="pipeline"/>.</summary>
    /// <exception cref="ArgumentException">The column is not an image column, a row is out of range, or the options are invalid.</exception>
    public static AugmentationGrid Render(AugmentationPipeline pipeline, VectorColumn images, AugmentationGridOptions? options = null, KeyColumn? labels = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(images);
        options ??= new AugmentationGridOptions();
        options.Validate();
        if (images.Type is not ImageType inputType)
            throw new ArgumentException($"Column '{images.Name}' is {images.Type.DisplayName}, not an image column.", nameof(images));
        var rows = options.Rows?.ToArray() ?? Enumerable.Range(0, Math.Min(options.Images, images.Length)).ToArray();
        foreach (int r in rows)
            if ((uint)r >= (uint)images.Length)
                throw new ArgumentOutOfRangeException(nameof(options), r, $"Row {r} is outside column '{images.Name}' of {images.Length} rows.");
        if (rows.Length == 0)
            throw new ArgumentException($"Column '{images.Name}' has no rows to show.", nameof(images));

        var plan = new AugmentationPlan(pipeline, inputType);
        var workspace = new AugmentationWorkspace(pipeline.MaxPixelValue);
        var output = plan.OutputShape;
        // Originals are resized to the variants' size (a crop or resize changes it) so the columns line up.
        var fit = output == plan.InputShape ? null : new AugmentationPlan(new AugmentationPipeline([new Resize(new ResizeOptions { Height = output.Height, Width = output.Width })],
            new AugmentationPipelineOptions { Seed = 0, Interpolation = Interpolation.Bilinear, FillMode = FillMode.Nearest, MaxPixelValue = pipeline.MaxPixelValue }), inputType);
        var buffer = new float[output.Size];
        var cells = new byte[rows.Length][][];
        for (int i = 0; i < rows.Length; i++)
        {
            cells[i] = new byte[options.Variants + 1][];
            var source = images.Row(rows[i]);
            if (fit is null)
                source.CopyTo(buffer);
            else
                fit.AugmentImage(source, buffer, 0, workspace);
            cells[i][0] = ToBytes(buffer, output, pipeline.MaxPixelValue);
            for (int k = 1; k <= options.Variants; k++)
            {
                plan.AugmentImage(source, buffer, pipeline.ImageSeed(k - 1, rows[i]), workspace);
                cells[i][k] = ToBytes(buffer, output, pipeline.MaxPixelValue);
            }
        }
        int scale = options.Scale > 0 ? options.Scale : Math.Max(1, (int)Math.Ceiling(64.0 / Math.Max(output.Height, output.Width)));
        var rowLabels = rows.Select(r => labels is null || labels[r] < 0
            ? string.Create(CultureInfo.InvariantCulture, $"row {r}")
            : string.Create(CultureInfo.InvariantCulture, $"row {r}: {labels.KeyType.ClassNames[labels[r]]}")).ToArray();
        string caption = pipeline.ToString() + (plan.Mixing.Length > 0 ? " (Mixup/CutMix act on batches and are not shown)" : "");
        return new AugmentationGrid(cells, output.Height, output.Width, output.Channels, scale, options.Padding, rowLabels, caption);
    }

    /// <summary>The whole grid as one PNG (grey for one-channel images, RGB otherwise).</summary>
    public byte[] ToPng()
    {
        int cellH = _cellHeight * _scale, cellW = _cellWidth * _scale;
        int height = Rows * cellH + (Rows + 1) * _padding, width = Columns * cellW + (Columns + 1) * _padding;
        var pixels = new byte[height * width * _channels];
        Array.Fill(pixels, (byte)255);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                Blit(_cells[r][c], pixels, width, _padding + r * (cellH + _padding), _padding + c * (cellW + _padding));
        return PngEncoder.Encode(pixels, width, height, _channels);
    }

    /// <summary>Writes <see cref="ToPng"/> to <paramref name="path"/> atomically (no half-written file on failure).</summary>
    public void SavePng(string path)
    {
        var png = ToPng();
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    /// <summary>
    /// A self-contained HTML fragment: a table with the row labels, the column headings and every cell as a
    /// data-URI PNG, and the pipeline as caption. It needs no external file, script or style sheet.
    /// </summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<figure class=\"pipex-augmentation-grid\" style=\"margin:0\">\n<table style=\"border-collapse:collapse;font:12px sans-serif\">\n<thead><tr><th></th>");
        for (int c = 0; c < Columns; c++)
            html.Append("<th style=\"padding:2px 4px\">").Append(c == 0 ? "original" : string.Create(CultureInfo.InvariantCulture, $"epoch {c - 1}")).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        int displayH = _cellHeight * _scale, displayW = _cellWidth * _scale;
        for (int r = 0; r < Rows; r++)
        {
            html.Append("<tr><th style=\"padding:2px 6px;text-align:right\">").Append(WebUtility.HtmlEncode(_rowLabels[r])).Append("</th>");
            for (int c = 0; c < Columns; c++)
            {
                string data = Convert.ToBase64String(PngEncoder.Encode(_cells[r][c], _cellWidth, _cellHeight, _channels));
                string alt = WebUtility.HtmlEncode($"{_rowLabels[r]}, {(c == 0 ? "original" : $"variant {c}")}");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"padding:2px\"><img src=\"data:image/png;base64,{data}\" width=\"{displayW}\" height=\"{displayH}\" style=\"image-rendering:pixelated\" alt=\"{alt}\"></td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n<figcaption style=\"font:12px sans-serif\">").Append(WebUtility.HtmlEncode(Caption)).Append("</figcaption>\n</figure>\n");
        return html.ToString();
    }

    private void Blit(byte[] cell, byte[] pixels, int width, int top, int left)
    {
        for (int y = 0; y < _cellHeight * _scale; y++)
            for (int x = 0; x < _cellWidth * _scale; x++)
            {
                int from = ((y / _scale) * _cellWidth + x / _scale) * _channels;
                int to = ((top + y) * width + left + x) * _channels;
                for (int c = 0; c < _channels; c++)
                    pixels[to + c] = cell[from + c];
            }
    }

    /// <summary>CHW floats in [0, max] → interleaved bytes (clamped).</summary>
    private static byte[] ToBytes(ReadOnlySpan<float> image, ImageShape shape, float max)
    {
        int plane = shape.Plane;
        var bytes = new byte[shape.Size];
        for (int c = 0; c < shape.Channels; c++)
            for (int p = 0; p < plane; p++)
                bytes[p * shape.Channels + c] = (byte)Math.Clamp(MathF.Round(image[c * plane + p] / max * 255f), 0f, 255f);
        return bytes;
    }
}
