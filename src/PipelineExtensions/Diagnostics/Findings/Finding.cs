namespace PipelineExtensions.Diagnostics;

/// <summary>
/// One problem the <see cref="PlateauDoctor"/> found: what it is, how sure the detector is, the numbers that
/// decided it and the pipeline changes that address it.
/// </summary>
public sealed class Finding
{
    /// <summary>Creates a finding.</summary>
    /// <param name="kind">What it is about.</param>
    /// <param name="detector">The detector's name.</param>
    /// <param name="severity">How much it matters.</param>
    /// <param name="confidence">How far the evidence is past the thresholds, in [0, 1]; ranks findings of equal severity.</param>
    /// <param name="title">A one-line headline with the key figure.</param>
    /// <param name="explanation">A few sentences: what the evidence shows and why the remedies help.</param>
    /// <param name="evidence">The measured numbers, the deciding ones first.</param>
    /// <param name="remedies">The suggested pipeline changes, best first.</param>
    /// <param name="affected">The rows or features concerned, when the finding is about specific ones.</param>
    public Finding(FindingKind kind, string detector, Severity severity, double confidence, string title, string explanation,
        IReadOnlyList<Evidence> evidence, IReadOnlyList<Remedy> remedies, AffectedItems? affected = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(detector);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (!(confidence >= 0 && confidence <= 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, $"confidence must be in [0, 1], got {confidence}.");
        Kind = kind;
        Detector = detector;
        Severity = severity;
        Confidence = confidence;
        Title = title;
        Explanation = explanation ?? "";
        Evidence = evidence ?? throw new ArgumentNullException(nameof(evidence));
        Remedies = remedies ?? throw new ArgumentNullException(nameof(remedies));
        Affected = affected;
    }

    /// <summary>What the finding is about.</summary>
    public FindingKind Kind { get; }

    /// <summary>The name of the detector that made it.</summary>
    public string Detector { get; }

    /// <summary>How much it matters.</summary>
    public Severity Severity { get; }

    /// <summary>How far the evidence is past the thresholds, in [0, 1].</summary>
    public double Confidence { get; }

    /// <summary>The ranking key: severity first (0, 1, 2), confidence as the fraction.</summary>
    public double Score => (int)Severity + Confidence;

    /// <summary>A one-line headline with the key figure.</summary>
    public string Title { get; }

    /// <summary>What the evidence shows and why the remedies help.</summary>
    public string Explanation { get; }

    /// <summary>The measured numbers, the deciding ones first.</summary>
    public IReadOnlyList<Evidence> Evidence { get; }

    /// <summary>The suggested pipeline changes, best first.</summary>
    public IReadOnlyList<Remedy> Remedies { get; }

    /// <summary>The rows or feature dimensions concerned, or null.</summary>
    public AffectedItems? Affected { get; }

    /// <inheritdoc />
    public override string ToString() => $"[{Severity}] {Title}";
}
