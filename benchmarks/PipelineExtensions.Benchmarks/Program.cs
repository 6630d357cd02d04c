using System.Reflection;
using BenchmarkDotNet.Running;
using PipelineExtensions.Benchmarks.Infrastructure;

// Side-by-side benchmarks are selected by name; anything else goes to BenchmarkDotNet's switcher
// (e.g. `-- bdn --filter '*Gemm*'`).
var benchmarks = typeof(ISideBySideBenchmark).Assembly.GetTypes()
    .Where(t => typeof(ISideBySideBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (ISideBySideBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
{
    Console.WriteLine("Side-by-side benchmarks (see benchmarks/README.md):");
    foreach (var b in benchmarks)
        Console.WriteLine($"  {b.Name,-20} {b.Description}");
    Console.WriteLine("  bdn ...              BenchmarkDotNet micro-benchmarks (pass BenchmarkDotNet arguments)");
    return 0;
}
if (args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args[1..]);
    return 0;
}
var chosen = benchmarks.FirstOrDefault(b => b.Name == args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}, bdn.");
    return 2;
}
if (args[1..].Any(a => a is "-h" or "--help"))
{
    // A full run can take minutes and disturb other timings: never start one when help was asked for.
    Console.WriteLine($"{chosen.Name}: {chosen.Description}");
    Console.WriteLine($"Its options and recorded runs are in benchmarks/README.md and in the doc comment of {chosen.GetType().Name}.");
    return 0;
}
return chosen.Run(args[1..]);
