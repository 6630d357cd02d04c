using System.Runtime.CompilerServices;

namespace PipelineExtensions.Randomness;

/// <summary>
/// A small, fast, seedable random generator (xoshiro256** seeded through SplitMix64). The sequence for a
/// seed is fixed by this implementation, not by the .NET runtime, so results are reproducible across
/// runtime versions and machines. Not thread-safe: give each thread its own generator via <see cref="Fork"/>.
/// </summary>
public sealed class SeededRandom
{
    // The xoshiro256** words live in one RandomState, so the step, the seeding and the bounded draw exist once.
    private RandomState _state;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a generator whose sequence is determined by <paramref name="seed"/>.</summary>
    public SeededRandom(long seed) => _state = new RandomState(seed);

    /// <summary>
    /// Restarts this generator as if it had just been created with <paramref name="seed"/>. Hot loops that need
    /// one stream per item (per image, per row) reseed one generator instead of allocating a new one each time:
    /// <c>rng.Reseed(SeededRandom.MixSeed(seed, stream))</c> gives exactly the sequence of
    /// <c>SeededRandom.Derive(seed, stream)</c>.
    /// </summary>
    public void Reseed(long seed)
    {
        _state = new RandomState(seed);
        _hasSpare = false;
        _spareGaussian = 0;
    }

    /// <summary>
    /// An independent generator derived from this seed and <paramref name="stream"/>, without advancing this one.
    /// Use it for per-thread, per-epoch or per-component randomness that must not depend on call order.
    /// </summary>
    public static SeededRandom Derive(long seed, long stream) => new(MixSeed(seed, stream));

    /// <summary>Mixes a seed and a stream number into a new well-spread seed.</summary>
    public static long MixSeed(long seed, long stream)
    {
        ulong x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xC2B2AE3D27D4EB4FUL);
        return unchecked((long)RandomState.SplitMix64(ref x));
    }

    /// <summary>A new generator seeded from this one's next output (advances this generator once).</summary>
    public SeededRandom Fork() => new(unchecked((long)NextUInt64()));

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => _state.NextSingle();

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    // Inlined: hot loops draw millions of these, and a call would run tier-0 code until tiering catches up.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The upper bound must be positive.");
        return _state.NextInt(maxExclusive);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with uniform integers in [0, <paramref name="maxExclusive"/>): exactly the
    /// values that as many calls of <see cref="NextInt(int)"/> would return, leaving this generator in the same state,
    /// but with the generator state held in registers for the whole loop (several times faster for long runs).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NextInts(Span<int> destination, int maxExclusive)
    {
        if (maxExclusive <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The upper bound must be positive.");
        // A local copy: the JIT keeps its four words in registers for the whole loop.
        var state = _state;
        for (int i = 0; i < destination.Length; i++)
            destination[i] = state.NextInt(maxExclusive);
        _state = state;
    }

    /// <summary>A uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), $"Empty range [{minInclusive}, {maxExclusive}).");
        return minInclusive + NextInt(maxExclusive - minInclusive);
    }

    /// <summary>A standard normal sample (Marsaglia polar method).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        double factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..<paramref name="count"/>−1.</summary>
    public int[] Permutation(int count)
    {
        var result = new int[count];
        for (int i = 0; i < count; i++)
            result[i] = i;
        Shuffle(result.AsSpan());
        return result;
    }
}
