using System.Text.Json.Nodes;

namespace PipelineExtensions.Cli.Reports;

/// <summary>An image grid drawn on a canvas by the page.</summary>
internal sealed class ImageGridSection(string heading, ImageGrid grid, string? note) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer)
    {
        if (note is not null)
            writer.Note(note);
        writer.Figure($"{grid.Count} images, {grid.Type.DisplayName}", new JsonObject
        {
            ["kind"] = "images",
            ["channels"] = grid.Type.Channels,
            ["height"] = grid.Type.Height,
            ["width"] = grid.Type.Width,
            ["columns"] = grid.Columns,
            ["scale"] = grid.Scale,
            ["images"] = Html.Strings(grid.Images.Select(i => Convert.ToBase64String(i.Pixels))),
            ["captions"] = Html.Strings(grid.Images.Select(i => i.Caption)),
        });
    }
}

/// <summary>A PNG made elsewhere (e.g. by the augmentation grid renderer), embedded as a data URI.</summary>
internal sealed class PngSection(string heading, byte[] png, string caption) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer) => writer.Png(caption, png);
}

/// <summary>A paragraph of text.</summary>
internal sealed class TextSection(string heading, string text) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer) => writer.Raw("<p>").Text(text).Raw("</p>\n");
}

internal sealed class ListSection(string heading, string? intro, IReadOnlyList<string> items) : ReportSection(heading)
{
    public override void WriteBody(ReportWriter writer)
    {
        if (intro is not null)
            writer.Raw("<p>").Text(intro).Raw("</p>\n");
        writer.Raw("<ul>\n");
        foreach (var item in items)
            writer.Raw("<li>").Text(item).Raw("</li>\n");
        writer.Raw("</ul>\n");
    }
}
