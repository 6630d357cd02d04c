using PipelineExtensions.AutoML.SearchSpaces;
using PipelineExtensions.Randomness;

namespace PipelineExtensions.AutoML.Tests.TestData;

/// <summary>Random search spaces of every kind of parameter, nested choices included, for property tests.</summary>
internal static class RandomSpaces
{
    public static SearchSpace Build(int seed, bool small = false)
    {
        var random = new SeededRandom(seed);
        int counter = 0;
        return Space(random, small ? 2 : 3, 0, ref counter, small);
    }

    private static SearchSpace Space(SeededRandom random, int maxParameters, int depth, ref int counter, bool small)
    {
        var space = new SearchSpace();
        int n = 1 + random.NextInt(maxParameters);
        for (int i = 0; i < n; i++)
        {
            string name = $"p{counter++}";
            switch (random.NextInt(depth < 2 ? 7 : 6))
            {
                case 0:
                    double low = random.NextDouble(-10, 10);
                    space.AddFloat(name, low, low + random.NextDouble(0.01, 20));
                    break;
                case 1:
                    double lo = Math.Exp(random.NextDouble(-12, 0));
                    space.AddFloat(name, lo, lo * Math.Exp(random.NextDouble(0.1, 8)), log: true);
                    break;
                case 2:
                    double l = random.NextInt(-5, 5);
                    space.AddFloat(name, l, l + random.NextInt(1, small ? 3 : 20) * 0.25, step: 0.25);
                    break;
                case 3:
                    long a = random.NextInt(-20, 20);
                    space.AddInt(name, a, a + random.NextInt(0, small ? 4 : 40), step: 1 + random.NextInt(3));
                    break;
                case 4:
                    space.AddInt(name, 1 + random.NextInt(10), 11 + random.NextInt(small ? 5 : 500), log: true);
                    break;
                case 5:
                    int k = 1 + random.NextInt(small ? 3 : 5);
                    space.AddCategorical(name, Enumerable.Range(0, k).Select(j => (object)$"c{j}").ToArray());
                    break;
                default:
                    int options = 2 + random.NextInt(small ? 2 : 3);
                    var choices = new List<object>();
                    var branches = new List<SearchSpace?>();
                    for (int j = 0; j < options; j++)
                    {
                        choices.Add(j % 2 == 0 ? $"o{j}" : j * 10);
                        branches.Add(random.NextInt(2) == 0 ? null : Space(random, 2, depth + 1, ref counter, small));
                    }
                    space.Add(new CategoricalDistribution(name, choices, branches));
                    break;
            }
        }
        return space;
    }
}
