namespace PipelineExtensions.Diagnostics;

/// <summary>The thresholds of every built-in detector of the <see cref="PlateauDoctor"/>, each with documented defaults.</summary>
public sealed class PlateauDoctorOptions
{
    /// <summary>Thresholds of <see cref="MajorityClassCollapseDetector"/>.</summary>
    public MajorityClassCollapseOptions MajorityClassCollapse { get; set; } = new();

    /// <summary>Thresholds of <see cref="ClassImbalanceDetector"/>.</summary>
    public ClassImbalanceOptions ClassImbalance { get; set; } = new();

    /// <summary>Thresholds of <see cref="OverfittingDetector"/>.</summary>
    public OverfittingOptions Overfitting { get; set; } = new();

    /// <summary>Thresholds of <see cref="UnderfittingDetector"/>.</summary>
    public UnderfittingOptions Underfitting { get; set; } = new();

    /// <summary>Thresholds of <see cref="LearningRateTooHighDetector"/>.</summary>
    public LearningRateTooHighOptions LearningRateTooHigh { get; set; } = new();

    /// <summary>Thresholds of <see cref="LearningRateTooLowDetector"/>.</summary>
    public LearningRateTooLowOptions LearningRateTooLow { get; set; } = new();

    /// <summary>Thresholds of <see cref="DuplicatesAcrossSplitsDetector"/>.</summary>
    public DuplicatesAcrossSplitsOptions DuplicatesAcrossSplits { get; set; } = new();

    /// <summary>Thresholds of <see cref="ConstantFeaturesDetector"/>.</summary>
    public ConstantFeaturesOptions ConstantFeatures { get; set; } = new();

    /// <summary>Settings of <see cref="NonFiniteValuesDetector"/>.</summary>
    public NonFiniteValuesOptions NonFiniteValues { get; set; } = new();

    /// <summary>Thresholds of <see cref="SuspectedLabelNoiseDetector"/>.</summary>
    public SuspectedLabelNoiseOptions SuspectedLabelNoise { get; set; } = new();

    /// <summary>The built-in detectors configured with these options, in a fixed order (ties in ranking keep it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public IReadOnlyList<IPlateauDetector> CreateDetectors() =>
    [
        new MajorityClassCollapseDetector(MajorityClassCollapse ?? throw new ArgumentNullException(nameof(MajorityClassCollapse))),
        new NonFiniteValuesDetector(NonFiniteValues ?? throw new ArgumentNullException(nameof(NonFiniteValues))),
        new LearningRateTooHighDetector(LearningRateTooHigh ?? throw new ArgumentNullException(nameof(LearningRateTooHigh))),
        new DuplicatesAcrossSplitsDetector(DuplicatesAcrossSplits ?? throw new ArgumentNullException(nameof(DuplicatesAcrossSplits))),
        new ClassImbalanceDetector(ClassImbalance ?? throw new ArgumentNullException(nameof(ClassImbalance))),
        new OverfittingDetector(Overfitting ?? throw new ArgumentNullException(nameof(Overfitting))),
        new UnderfittingDetector(Underfitting ?? throw new ArgumentNullException(nameof(Underfitting))),
        new LearningRateTooLowDetector(LearningRateTooLow ?? throw new ArgumentNullException(nameof(LearningRateTooLow))),
        new SuspectedLabelNoiseDetector(SuspectedLabelNoise ?? throw new ArgumentNullException(nameof(SuspectedLabelNoise))),
        new ConstantFeaturesDetector(ConstantFeatures ?? throw new ArgumentNullException(nameof(ConstantFeatures))),
    ];
}
