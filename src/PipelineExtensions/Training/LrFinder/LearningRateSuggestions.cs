namespace PipelineExtensions.Training;

/// <summary>fastai's learning-rate suggestion functions over a (trimmed) loss-versus-rate curve.</summary>
public static class LearningRateSuggestions
{
    /// <summary>The rate at the lowest loss, divided by 10 (fastai <c>minimum</c>); null for an empty curve.</summary>
    public static double? Minimum(ReadOnlySpan<double> learningRates, ReadOnlySpan<double> losses)
    {
        CheckLengths(learningRates, losses);
        if (losses.Length == 0)
            return null;
        int best = 0;
        for (int i = 1; i < losses.Length; i++)
            if (losses[i] < losses[best])
                best = i;
        return learningRates[best] / 10;
    }

    /// <summary>
    /// The rate where <c>(loss[i+1] − loss[i]) / (log lr[i+1] − log lr[i])</c> is lowest, taken at <c>lr[i]</c>
    /// (fastai <c>steep</c>); null with fewer than two points.
    /// </summary>
    public static double? Steepest(ReadOnlySpan<double> learningRates, ReadOnlySpan<double> losses)
    {
        CheckLengths(learningRates, losses);
        if (losses.Length < 2)
            return null;
        int best = 0;
        double bestGradient = double.PositiveInfinity;
        for (int i = 0; i + 1 < losses.Length; i++)
        {
            double g = (losses[i + 1] - losses[i]) / (Math.Log(learningRates[i + 1]) - Math.Log(learningRates[i]));
            if (g < bestGradient)
            {
                bestGradient = g;
                best = i;
            }
        }
        return learningRates[best];
    }

    /// <summary>
    /// fastai <c>valley</c>: finds the longest decreasing subsequence of the losses (the longest "valley"),
    /// then picks the point 1/3 + 1/6 of the way from its start to its end — late enough to be past the flat
    /// start, early enough to stay clear of the blow-up. Null for an empty curve.
    /// </summary>
    public static double? Valley(ReadOnlySpan<double> learningRates, ReadOnlySpan<double> losses)
    {
        CheckLengths(learningRates, losses);
        int n = losses.Length;
        if (n == 0)
            return null;
        var lengths = new int[n];
        Array.Fill(lengths, 1);
        int maxStart = 0, maxEnd = 0;
        for (int i = 1; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && lengths[i] < lengths[j] + 1)
                    lengths[i] = lengths[j] + 1;
                if (lengths[maxEnd] < lengths[i])
                {
                    maxEnd = i;
                    maxStart = maxEnd - lengths[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        int index = maxStart + (int)sections + (int)(sections / 2);
        return learningRates[index];
    }

    private static void CheckLengths(ReadOnlySpan<double> learningRates, ReadOnlySpan<double> losses)
    {
        if (learningRates.Length != losses.Length)
            throw new ArgumentException($"{learningRates.Length} learning rates but {losses.Length} losses.", nameof(losses));
    }
}
