using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PipelineExtensions.Benchmarks.Infrastructure;

/// <summary>Starts Debian's /usr/bin/python3 for a reference script with the settings that keep the comparison fair.</summary>
internal static class ReferencePython
{
    /// <summary>
    /// A start description for /usr/bin/python3. OMP_WAIT_POLICY defaults to PASSIVE for the reference: with
    /// libgomp's default spin-waiting, PyTorch's (and scikit-learn's) OpenMP threads spin against OpenBLAS's own
    /// threads and against every other process on a shared 2-core machine, which made a PyTorch MLP step 20× slower
    /// than with passive waiting (measured: 172 ms vs 7.7 ms per step at load 10). An OMP_WAIT_POLICY already set in
    /// the caller's environment is kept, so `OMP_WAIT_POLICY=ACTIVE` measures the library default.
    /// </summary>
    public static ProcessStartInfo Start()
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY")))
            start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        return start;
    }

    /// <summary>One line describing the reference's threading environment, printed next to its results.</summary>
    public static string Describe()
    {
        string? policy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        return "reference env: OMP_WAIT_POLICY=" + (string.IsNullOrEmpty(policy) ? "PASSIVE" : policy);
    }

    /// <summary>
    /// A warning line when the reference did not load OpenBLAS (threadpoolctl's view, <paramref name="blas"/>), or null.
    /// Without Debian's libopenblas0-pthread, numpy and scikit-learn fall back to the unoptimised netlib BLAS, which
    /// made imbalanced-learn's neighbour-bound cases 4–7× slower on 2026-11-23 (SMOTE 1:4: 5,780 ms vs 971 ms) and
    /// would inflate every ratio printed against it.
    /// </summary>
    public static string? BlasWarning(JsonNode? blas)
    {
        bool openBlas = blas is JsonArray libraries && libraries.Any(l => (string?)l?["internal_api"] == "openblas");
        return openBlas ? null
            : "WARNING: the reference did not load OpenBLAS (netlib BLAS or unknown), so its times and these ratios are not comparable: "
              + "apt-get install libopenblas0-pthread (see benchmarks/README.md, Setup).";
    }
}
