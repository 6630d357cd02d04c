using System.Globalization;
using System.Text;

namespace PipelineExtensions.Training;

/// <summary>
/// Counts of (true class, predicted class) pairs for a K-class problem: row = true class, column = predicted
/// class (scikit-learn's <c>confusion_matrix</c> layout). Rows whose true label is missing (−1) are not counted.
/// Every classification metric of the training history is derived from it with scikit-learn's definitions.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An empty K×K matrix.</summary>
    /// <param name="classCount">K, at least 1.</param>
    public ConfusionMatrix(int classCount)
    {
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A confusion matrix needs at least one class.");
        ClassCount = classCount;
        _counts = new long[checked(classCount * classCount)];
    }

    private ConfusionMatrix(int classCount, long[] counts)
    {
        ClassCount = classCount;
        _counts = counts;
    }

    /// <summary>The matrix of <paramref name="predicted"/> against <paramref name="actual"/> (rows with actual −1 are skipped).</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a class index is outside 0..K−1; the message names the row.</exception>
    public static ConfusionMatrix FromPredictions(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int classCount)
    {
        var matrix = new ConfusionMatrix(classCount);
        matrix.Add(actual, predicted);
        return matrix;
    }

    /// <summary>Builds a matrix from counts (row-major K×K, row = true class); the array is copied.</summary>
    public static ConfusionMatrix FromCounts(int classCount, ReadOnlySpan<long> counts)
    {
        if (classCount < 1 || counts.Length != (long)classCount * classCount)
            throw new ArgumentException($"Expected {classCount}×{classCount} = {(long)classCount * classCount} counts, got {counts.Length}.", nameof(counts));
        foreach (long c in counts)
            if (c < 0)
                throw new ArgumentException($"Counts must be non-negative, got {c}.", nameof(counts));
        return new ConfusionMatrix(classCount, counts.ToArray());
    }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>How many rows of true class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual * ClassCount + predicted];

    /// <summary>The counts, row-major (row = true class).</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Number of counted rows.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (long c in _counts)
                total += c;
            return total;
        }
    }

    /// <summary>Rows whose true class is <paramref name="c"/> (the support of the class).</summary>
    public long Support(int c)
    {
        long sum = 0;
        for (int p = 0; p < ClassCount; p++)
            sum += _counts[c * ClassCount + p];
        return sum;
    }

    /// <summary>Rows predicted as class <paramref name="c"/>.</summary>
    public long PredictedCount(int c)
    {
        long sum = 0;
        for (int a = 0; a < ClassCount; a++)
            sum += _counts[a * ClassCount + c];
        return sum;
    }

    /// <summary>Fraction of rows predicted correctly; NaN when nothing was counted.</summary>
    public double Accuracy
    {
        get
        {
            long total = Total, correct = 0;
            for (int c = 0; c < ClassCount; c++)
                correct += this[c, c];
            return total == 0 ? double.NaN : (double)correct / total;
        }
    }

    /// <summary>Recall of class <paramref name="c"/> (TP / support); NaN when the class has no true rows.</summary>
    public double Recall(int c)
    {
        long support = Support(c);
        return support == 0 ? double.NaN : (double)this[c, c] / support;
    }

    /// <summary>Precision of class <paramref name="c"/> (TP / predicted); 0 when nothing was predicted as it (scikit-learn's zero_division=0).</summary>
    public double Precision(int c)
    {
        long predicted = PredictedCount(c);
        return predicted == 0 ? 0 : (double)this[c, c] / predicted;
    }

    /// <summary>F1 of class <paramref name="c"/>, the harmonic mean of precision and recall, 0 when both are 0 or undefined.</summary>
    public double F1(int c)
    {
        double p = Precision(c), support = Support(c);
        double r = support == 0 ? 0 : (double)this[c, c] / support;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Recall of every class (NaN for classes without true rows).</summary>
    public double[] PerClassRecall()
    {
        var result = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++)
            result[c] = Recall(c);
        return result;
    }

    /// <summary>
    /// Mean recall over the classes that occur among the true labels (scikit-learn's
    /// <c>balanced_accuracy_score</c>, adjusted=False); NaN when nothing was counted.
    /// </summary>
    public double BalancedAccuracy
    {
        get
        {
            double sum = 0;
            int present = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                if (Support(c) == 0)
                    continue;
                sum += Recall(c);
                present++;
            }
            return present == 0 ? double.NaN : sum / present;
        }
    }

    /// <summary>
    /// Unweighted mean F1 over the classes that occur among the true or the predicted labels (scikit-learn's
    /// <c>f1_score(average='macro')</c> with zero_division=0); NaN when nothing was counted.
    /// </summary>
    public double MacroF1
    {
        get
        {
            double sum = 0;
            int present = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                if (Support(c) == 0 && PredictedCount(c) == 0)
                    continue;
                sum += F1(c);
                present++;
            }
            return present == 0 ? double.NaN : sum / present;
        }
    }

    /// <summary>A copy of this matrix.</summary>
    public ConfusionMatrix Clone() => new(ClassCount, (long[])_counts.Clone());

    /// <summary>A table with class names (or indices) on both axes.</summary>
    public string ToString(IReadOnlyList<string>? classNames)
    {
        string Name(int c) => classNames is not null && c < classNames.Count ? classNames[c] : c.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder("true \\ predicted");
        for (int p = 0; p < ClassCount; p++)
            sb.Append('\t').Append(Name(p));
        for (int a = 0; a < ClassCount; a++)
        {
            sb.AppendLine().Append(Name(a));
            for (int p = 0; p < ClassCount; p++)
                sb.Append('\t').Append(this[a, p].ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToString(null);

    internal void Add(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"{actual.Length} true labels but {predicted.Length} predictions.", nameof(predicted));
        int k = ClassCount;
        for (int i = 0; i < actual.Length; i++)
        {
            int a = actual[i], p = predicted[i];
            if (a == -1)
                continue;
            if ((uint)a >= (uint)k)
                throw new ArgumentException($"Row {i}: true class {a} is outside 0..{k - 1}.", nameof(actual));
            if ((uint)p >= (uint)k)
                throw new ArgumentException($"Row {i}: predicted class {p} is outside 0..{k - 1}.", nameof(predicted));
            _counts[a * k + p]++;
        }
    }

    internal void Add(int actual, int predicted)
    {
        if (actual == -1)
            return;
        _counts[actual * ClassCount + predicted]++;
    }

    internal void Clear() => Array.Clear(_counts);
}
