using Xunit.Abstractions;
using Xunit.Sdk;

namespace PipelineExtensions.AutoML.Tests.Storage;

/// <summary>
/// A fact of the trial-store contract. In a test class marked <see cref="RequiresPostgresAttribute"/>, it is
/// skipped — visibly, with the reason — when the PIPEX_TEST_POSTGRES connection string is not set (.ci/run always
/// sets it, so in CI these tests run against a real server).
/// </summary>
[XunitTestCaseDiscoverer("PipelineExtensions.AutoML.Tests.Storage.StoreFactDiscoverer", "PipelineExtensions.AutoML.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute
{
}

/// <summary>Marks a test class whose store facts need the PostgreSQL server named by PIPEX_TEST_POSTGRES.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
    public const string Variable = "PIPEX_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;
}

public sealed class StoreFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        new StoreTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method);
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method)
        : base(sink, display, displayOptions, method)
    {
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute)
    {
        bool needsPostgres = TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        if (needsPostgres && RequiresPostgresAttribute.ConnectionString is null)
            return $"{RequiresPostgresAttribute.Variable} is not set: no PostgreSQL server to test against (.ci/run starts one and sets it).";
        return base.GetSkipReason(factAttribute);
    }
}
