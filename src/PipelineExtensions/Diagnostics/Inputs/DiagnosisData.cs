using PipelineExtensions.Data;

namespace PipelineExtensions.Diagnostics;

/// <summary>
/// The data a run trained on, for the data detectors: the training table and optionally the validation table,
/// each with a key label column and a float-vector (or image) feature column.
/// </summary>
/// <example>
/// <code>
/// var data = new DiagnosisData(train, validation, labelColumnName: "Label", featureColumnName: "Features");
/// </code>
/// </example>
public sealed class DiagnosisData
{
    /// <summary>Checks the columns and keeps the tables (no copy).</summary>
    /// <param name="train">The training rows (before any sampler, i.e. the data as it is).</param>
    /// <param name="validation">The validation rows, or null.</param>
    /// <param name="labelColumnName">The key label column. Default "Label".</param>
    /// <param name="featureColumnName">The vector or image feature column. Default "Features".</param>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong kind, or the validation columns' types differ from the training ones.</exception>
    public DiagnosisData(DataTable train, DataTable? validation = null, string labelColumnName = "Label", string featureColumnName = "Features")
    {
        Train = train ?? throw new ArgumentNullException(nameof(train));
        Validation = validation;
        LabelColumnName = Options.Check.NotEmpty(labelColumnName);
        FeatureColumnName = Options.Check.NotEmpty(featureColumnName);
        TrainLabels = Require<KeyColumn>(train, labelColumnName, "Key", "training");
        TrainFeatures = Require<VectorColumn>(train, featureColumnName, "Vector<Single> or Image", "training");
        if (validation is not null)
        {
            ValidationLabels = Require<KeyColumn>(validation, labelColumnName, "Key", "validation");
            ValidationFeatures = Require<VectorColumn>(validation, featureColumnName, "Vector<Single> or Image", "validation");
            if (!ValidationLabels.Type.Equals(TrainLabels.Type))
                throw new SchemaMismatchException(labelColumnName, TrainLabels.Type.DisplayName, ValidationLabels.Type.DisplayName, "Diagnose (validation labels must have the training label's classes)");
            if (ValidationFeatures.Size != TrainFeatures.Size)
                throw new SchemaMismatchException(featureColumnName, TrainFeatures.Type.DisplayName, ValidationFeatures.Type.DisplayName, "Diagnose (validation features must have the training features' size)");
        }
    }

    /// <summary>The training table.</summary>
    public DataTable Train { get; }

    /// <summary>The validation table, or null.</summary>
    public DataTable? Validation { get; }

    /// <summary>The label column's name.</summary>
    public string LabelColumnName { get; }

    /// <summary>The feature column's name.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The training labels.</summary>
    public KeyColumn TrainLabels { get; }

    /// <summary>The training features.</summary>
    public VectorColumn TrainFeatures { get; }

    /// <summary>The validation labels, or null.</summary>
    public KeyColumn? ValidationLabels { get; }

    /// <summary>The validation features, or null.</summary>
    public VectorColumn? ValidationFeatures { get; }

    /// <summary>The class names of the label.</summary>
    public IReadOnlyList<string> ClassNames => TrainLabels.KeyType.ClassNames;

    /// <summary>True when the features are images (augmentation applies).</summary>
    public bool FeaturesAreImages => TrainFeatures.Type is ImageType;

    private static T Require<T>(DataTable table, string name, string expected, string part) where T : DataColumn
    {
        table.Schema.Require(name, t => typeof(T) == typeof(KeyColumn) ? t is KeyType : t is VectorType, expected, $"Diagnose ({part} data)");
        return table.GetColumn<T>(name);
    }
}
