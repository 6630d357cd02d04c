using System.Numerics;
using System.Runtime.CompilerServices;

namespace PipelineExtensions.Randomness;

/// <summary>
/// The xoshiro256** state behind <see cref="SeededRandom"/>, as a value: a hot loop that keeps one in a local variable
/// has its four words in registers, where a <see cref="SeededRandom"/> loads and stores its field on every draw.
/// <c>new RandomState(seed)</c> yields exactly the sequence of <c>new SeededRandom(seed)</c>, draw for draw
/// (<see cref="NextInt"/>, <see cref="NextSingle"/>).
/// </summary>
internal struct RandomState
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>The state <see cref="SeededRandom"/> starts from for <paramref name="seed"/>.</summary>
    public RandomState(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>As <see cref="SeededRandom.NextSingle"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <summary>As <see cref="SeededRandom.NextInt(int)"/>; <paramref name="maxExclusive"/> must be positive (not checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int maxExclusive)
    {
        ulong range = (ulong)maxExclusive;
        ulong m = (NextUInt64() >> 32) * range;
        if ((m & 0xFFFFFFFFUL) < range)
        {
            // Rare: the low half may fall in the biased zone; redraw while it does. Inline (a call taking this
            // struct by reference would keep its words out of registers).
            ulong threshold = (0x1_0000_0000UL - range) % range;
            while ((m & 0xFFFFFFFFUL) < threshold)
                m = (NextUInt64() >> 32) * range;
        }
        return (int)(m >> 32);
    }

    /// <summary>One SplitMix64 step: the seeding of the state, and the mixing of <see cref="SeededRandom.MixSeed"/>.</summary>
    internal static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
