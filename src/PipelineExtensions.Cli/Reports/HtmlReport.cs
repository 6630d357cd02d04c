using System.Globalization;
using PipelineExtensions.Augmentation;
using PipelineExtensions.Diagnostics;
using PipelineExtensions.IO;
using PipelineExtensions.Training;

namespace PipelineExtensions.Cli.Reports;

/// <summary>
/// Builds one self-contained HTML report: learning curves with the learning rate and its cuts, class
/// distributions, confusion matrices, image grids, sweep results, the plateau doctor's findings and a before/after
/// table. Chart.js and its plugins are inlined (Reports/Assets/THIRD-PARTY.md), so the file opens offline; every
/// user-provided string is HTML-escaped or JSON-encoded. Sections appear in the order they are added.
/// </summary>
/// <example>
/// <code>
/// new HtmlReport("Why the model plateaued")
///     .AddComparison(ComparisonTable.FromHistories(plain, remedied, "plain", "with remedies"))
///     .AddDiagnosis(diagnosis)
///     .AddLearningCurves(plain, "Plain run")
///     .AddConfusionMatrix(matrix, classNames)
///     .Save("report.html");
/// </code>
/// </example>
public sealed class HtmlReport
{
    private readonly List<ReportSection> _sections = [];

    /// <summary>Creates an empty report.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="subtitle">A line under the title (e.g. the data set and date), or null.</param>
    public HtmlReport(string title, string? subtitle = null)
    {
        Title = Options.Check.NotEmpty(title);
        Subtitle = subtitle;
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>The line under the title, or null.</summary>
    public string? Subtitle { get; }

    /// <summary>Number of sections added.</summary>
    public int SectionCount => _sections.Count;

    /// <summary>Loss and accuracy curves (training and validation) with the learning rate on a second axis and markers at learning-rate cuts, early stopping, divergence and the restored epoch.</summary>
    public HtmlReport AddLearningCurves(TrainingHistory history, string heading = "Learning curves") =>
        Add(new LearningCurvesSection(heading, history ?? throw new ArgumentNullException(nameof(history))));

    /// <summary>Rows per class, before and optionally after sampling.</summary>
    /// <exception cref="ArgumentException">A count list does not have one count per class.</exception>
    public HtmlReport AddClassDistribution(IReadOnlyList<string> classNames, IReadOnlyList<int> before, IReadOnlyList<int>? after = null,
        string heading = "Class distribution", string beforeLabel = "before sampling", string afterLabel = "after sampling")
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(before);
        var series = new List<(string, IReadOnlyList<int>)> { (beforeLabel, CheckCounts(before, classNames, nameof(before))) };
        if (after is not null)
            series.Add((afterLabel, CheckCounts(after, classNames, nameof(after))));
        return Add(new ClassDistributionSection(heading, classNames, series));
    }

    /// <summary>A confusion matrix as a heatmap.</summary>
    /// <exception cref="ArgumentException">The class names do not match the matrix.</exception>
    public HtmlReport AddConfusionMatrix(ConfusionMatrix matrix, IReadOnlyList<string> classNames, string heading = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count != matrix.ClassCount)
            throw new ArgumentException($"The matrix has {matrix.ClassCount} classes but {classNames.Count} class names were given.", nameof(classNames));
        return Add(new ConfusionMatrixSection(heading, matrix, classNames));
    }

    /// <summary>A grid of images (e.g. originals and their augmentations), drawn by the page.</summary>
    public HtmlReport AddImageGrid(ImageGrid grid, string heading = "Augmentation", string? note = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Count == 0)
            throw new ArgumentException("The image grid is empty.", nameof(grid));
        return Add(new ImageGridSection(heading, grid, note));
    }

    /// <summary>A PNG made elsewhere (e.g. the augmentation grid renderer's output), embedded in the page.</summary>
    /// <exception cref="ArgumentException">The bytes are not a PNG file.</exception>
    public HtmlReport AddPng(byte[] png, string caption, string heading = "Augmentation")
    {
        ArgumentNullException.ThrowIfNull(png);
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan().StartsWith(signature))
            throw new ArgumentException($"The {png.Length} bytes given for '{caption}' are not a PNG file (wrong signature).", nameof(png));
        return Add(new PngSection(heading, png, caption ?? ""));
    }

    /// <summary>The augmentation grid renderer's output (originals and their augmented variants), embedded as its PNG.</summary>
    public HtmlReport AddAugmentationGrid(AugmentationGrid grid, string heading = "Augmentation")
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Add(new PngSection(heading, grid.ToPng(), grid.Caption));
    }

    /// <summary>A sweep's results: best-so-far curve, parameter importance, parallel coordinates and the top trials.</summary>
    public HtmlReport AddSweep(SweepResults sweep, string heading = "Sweep") =>
        Add(new SweepSection(heading, sweep ?? throw new ArgumentNullException(nameof(sweep))));

    /// <summary>The plateau doctor's findings with their evidence and remedies, and the merged remedy plan.</summary>
    public HtmlReport AddDiagnosis(Diagnosis diagnosis, string heading = "Diagnosis") =>
        Add(new DiagnosisSection(heading, diagnosis ?? throw new ArgumentNullException(nameof(diagnosis))));

    /// <summary>A before/after table (and bars for its percentage rows).</summary>
    public HtmlReport AddComparison(ComparisonTable table, string heading = "Before and after")
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Rows.Count == 0)
            throw new ArgumentException("The comparison table has no rows.", nameof(table));
        return Add(new ComparisonSection(heading, table));
    }

    /// <summary>A paragraph of text.</summary>
    public HtmlReport AddText(string heading, string text) => Add(new TextSection(heading, text ?? ""));

    /// <summary>A bulleted list of text items, with an optional paragraph before it.</summary>
    public HtmlReport AddList(string heading, IEnumerable<string> items, string? intro = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Add(new ListSection(heading, intro, items.Select(i => i ?? "").ToArray()));
    }

    /// <summary>The whole page.</summary>
    public string ToHtml()
    {
        var writer = new ReportWriter();
        writer.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta name=\"generator\" content=\"PipelineExtensions\">\n<title>").Text(Title).Raw("</title>\n<style>\n")
            .Raw(ReportAssets.Get("report.css")).Raw("</style>\n");
        foreach (var library in ReportAssets.Libraries)
            writer.Raw("<script>\n").Raw(ReportAssets.Get(library)).Raw("\n</script>\n");
        writer.Raw("</head>\n<body>\n<header><h1>").Text(Title).Raw("</h1>");
        if (Subtitle is not null)
            writer.Raw("<p>").Text(Subtitle).Raw("</p>");
        writer.Raw("</header>\n<div id=\"report-errors\" hidden></div>\n<nav>");
        for (int i = 0; i < _sections.Count; i++)
            writer.Raw($"<a href=\"#{SectionId(i)}\">").Text(_sections[i].Heading).Raw("</a>");
        writer.Raw("</nav>\n<main>\n");
        for (int i = 0; i < _sections.Count; i++)
        {
            writer.Raw($"<section id=\"{SectionId(i)}\"><h2>").Text(_sections[i].Heading).Raw("</h2>\n");
            _sections[i].WriteBody(writer);
            writer.Raw("</section>\n");
        }
        writer.Raw("</main>\n<footer>Made by PipelineExtensions. Charts: Chart.js 4.6.1, chartjs-chart-matrix 3.1.0, chartjs-plugin-annotation 3.1.0 (MIT), inlined.</footer>\n<script>\n")
            .Raw(ReportAssets.Get("report.js")).Raw("\n</script>\n</body>\n</html>\n");
        return writer.Html.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> atomically (UTF-8): a failure leaves no partial file.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllText(path, ToHtml());
    }

    private HtmlReport Add(ReportSection section)
    {
        _sections.Add(section);
        return this;
    }

    private static string SectionId(int i) => "section" + (i + 1).ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<int> CheckCounts(IReadOnlyList<int> counts, IReadOnlyList<string> classNames, string name)
    {
        if (counts.Count != classNames.Count)
            throw new ArgumentException($"{name} has {counts.Count} counts but there are {classNames.Count} classes.", name);
        for (int i = 0; i < counts.Count; i++)
            if (counts[i] < 0)
                throw new ArgumentException($"{name}[{i}] (class '{classNames[i]}') is negative: {counts[i]}.", name);
        return counts.ToArray();
    }
}
