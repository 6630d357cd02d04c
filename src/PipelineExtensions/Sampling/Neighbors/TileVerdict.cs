using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PipelineExtensions.Sampling.Neighbors;

/// <summary>The stores and screen verdict shared by the 6-row tile kernels (<see cref="DotTile"/>, <see cref="Int16Tile"/>, <see cref="Int8Tile"/>, <see cref="WideDistanceTile"/>).</summary>
internal static class TileVerdict
{
    /// <summary>
    /// Whether any of a 6 × 16 tile's values (row r in <c>sr0</c> | <c>sr1</c>) is ≤ its query row's threshold or,
    /// when the 16 column thresholds are given (not null), its candidate's; 6 row thresholds. Each value is compared,
    /// then the masks are OR-ed (not Min then compare): a NaN padding lane must not hide a real one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool Any6(
        Vector256<float> s00, Vector256<float> s01, Vector256<float> s10, Vector256<float> s11,
        Vector256<float> s20, Vector256<float> s21, Vector256<float> s30, Vector256<float> s31,
        Vector256<float> s40, Vector256<float> s41, Vector256<float> s50, Vector256<float> s51,
        float* rowThresholds, float* columnThresholds)
    {
        var t = Vector256.Create(rowThresholds[0]);
        var hit = Vector256.LessThanOrEqual(s00, t) | Vector256.LessThanOrEqual(s01, t);
        t = Vector256.Create(rowThresholds[1]);
        hit |= Vector256.LessThanOrEqual(s10, t) | Vector256.LessThanOrEqual(s11, t);
        t = Vector256.Create(rowThresholds[2]);
        hit |= Vector256.LessThanOrEqual(s20, t) | Vector256.LessThanOrEqual(s21, t);
        t = Vector256.Create(rowThresholds[3]);
        hit |= Vector256.LessThanOrEqual(s30, t) | Vector256.LessThanOrEqual(s31, t);
        t = Vector256.Create(rowThresholds[4]);
        hit |= Vector256.LessThanOrEqual(s40, t) | Vector256.LessThanOrEqual(s41, t);
        t = Vector256.Create(rowThresholds[5]);
        hit |= Vector256.LessThanOrEqual(s50, t) | Vector256.LessThanOrEqual(s51, t);
        if (columnThresholds != null)
        {
            t = Vector256.Load(columnThresholds);
            hit |= Vector256.LessThanOrEqual(s00, t) | Vector256.LessThanOrEqual(s10, t) | Vector256.LessThanOrEqual(s20, t)
                | Vector256.LessThanOrEqual(s30, t) | Vector256.LessThanOrEqual(s40, t) | Vector256.LessThanOrEqual(s50, t);
            t = Vector256.Load(columnThresholds + 8);
            hit |= Vector256.LessThanOrEqual(s01, t) | Vector256.LessThanOrEqual(s11, t) | Vector256.LessThanOrEqual(s21, t)
                | Vector256.LessThanOrEqual(s31, t) | Vector256.LessThanOrEqual(s41, t) | Vector256.LessThanOrEqual(s51, t);
        }
        return hit != Vector256<float>.Zero;
    }

    /// <summary>Stores a 6 × 16 tile's values row by row at <paramref name="result"/> (96 floats), then <see cref="Any6"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool StoreAny6(
        float* result,
        Vector256<float> s00, Vector256<float> s01, Vector256<float> s10, Vector256<float> s11,
        Vector256<float> s20, Vector256<float> s21, Vector256<float> s30, Vector256<float> s31,
        Vector256<float> s40, Vector256<float> s41, Vector256<float> s50, Vector256<float> s51,
        float* rowThresholds, float* columnThresholds)
    {
        s00.Store(result + 0); s01.Store(result + 8);
        s10.Store(result + 16); s11.Store(result + 24);
        s20.Store(result + 32); s21.Store(result + 40);
        s30.Store(result + 48); s31.Store(result + 56);
        s40.Store(result + 64); s41.Store(result + 72);
        s50.Store(result + 80); s51.Store(result + 88);
        return Any6(s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51, rowThresholds, columnThresholds);
    }
}
