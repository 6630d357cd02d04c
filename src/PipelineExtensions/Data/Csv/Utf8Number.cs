using System.Text;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace PipelineExtensions.Data.Csv;

/// <summary>
/// Number parsing straight from UTF-8 bytes. Common decimals take an exact fast path (Clinger: an integer
/// mantissa below 2^53 and a power of ten up to 10^22 are exact doubles, so one multiplication or division
/// gives the correctly rounded double); everything else falls back to the runtime's correctly rounded parser.
/// </summary>
internal static class Utf8Number
{
    private static readonly double[] Pow10Double =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseSingle(ReadOnlySpan<byte> s, out float value)
    {
        if (TryParseDecimal(s, out ulong mantissa, out int exponent, out bool negative) && mantissa <= (1UL << 53) && exponent is >= -22 and <= 22)
        {
            // The double d is the correctly rounded decimal. Rounding d to float gives the correctly rounded
            // float unless d is itself exactly halfway between two floats (a float midpoint is a double, so a
            // midpoint between the decimal and d would have to be d): then take the slow path.
            double m = mantissa;
            double d = exponent < 0 ? m / Pow10Double[-exponent] : m * Pow10Double[exponent];
            if ((BitConverter.DoubleToInt64Bits(d) & 0x1FFFFFFF) != 0x10000000)
            {
                value = negative ? -(float)d : (float)d;
                return true;
            }
        }
        if (float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return true;
        if (!TryParseSpecial(s, out double special))
            return false;
        value = (float)special;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        if (TryParseDecimal(s, out ulong mantissa, out int exponent, out bool negative) && mantissa <= (1UL << 53) && exponent is >= -22 and <= 22)
        {
            double m = mantissa;
            value = exponent < 0 ? m / Pow10Double[-exponent] : m * Pow10Double[exponent];
            if (negative)
                value = -value;
            return true;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return true;
        return TryParseSpecial(s, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value)
    {
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }
        if (i < s.Length && s.Length - i <= 9)
        {
            int v = 0;
            for (; i < s.Length; i++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9)
                    return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
                v = v * 10 + (int)d;
            }
            value = negative ? -v : v;
            return true;
        }
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>true/false (any case) and 1/0.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<byte> s, out bool value)
    {
        if (IsTrueOrFalse(s, out value))
            return true;
        if (s.Length == 1 && (s[0] == '1' || s[0] == '0'))
        {
            value = s[0] == '1';
            return true;
        }
        return false;
    }

    /// <summary>Only the words true/false (any case): what type inference calls a boolean.</summary>
    public static bool IsTrueOrFalse(ReadOnlySpan<byte> s, out bool value)
    {
        value = false;
        if (s.Length == 4 && Ascii.EqualsIgnoreCase(s, "true"u8))
            return value = true;
        return s.Length == 5 && Ascii.EqualsIgnoreCase(s, "false"u8);
    }

    /// <summary>
    /// [+-]digits[.digits][(e|E)[+-]digits] with at most 19 significant digits: the decimal as mantissa·10^exponent.
    /// False for anything else (whitespace, hex, words, too many digits): the caller then uses the slow path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseDecimal(ReadOnlySpan<byte> s, out ulong mantissa, out int exponent, out bool negative)
    {
        mantissa = 0;
        exponent = 0;
        negative = false;
        int i = 0;
        if (s.Length == 0)
            return false;
        if (s[0] == '-' || s[0] == '+')
        {
            negative = s[0] == '-';
            i = 1;
        }
        int digits = 0;
        int significant = 0;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
                break;
            if (mantissa != 0 || d != 0)
                significant++;
            mantissa = mantissa * 10 + d;
            digits++;
        }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            for (; i < s.Length; i++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9)
                    break;
                if (mantissa != 0 || d != 0)
                    significant++;
                mantissa = mantissa * 10 + d;
                exponent--;
                digits++;
            }
        }
        if (digits == 0 || significant > 19)
            return false;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            bool negativeExponent = false;
            if (i < s.Length && (s[i] == '-' || s[i] == '+'))
            {
                negativeExponent = s[i] == '-';
                i++;
            }
            int e = 0;
            int exponentDigits = 0;
            for (; i < s.Length; i++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9 || exponentDigits >= 4)
                    return false;
                e = e * 10 + (int)d;
                exponentDigits++;
            }
            if (exponentDigits == 0)
                return false;
            exponent += negativeExponent ? -e : e;
        }
        return i == s.Length;
    }

    // Spellings other tools write (Python: inf, nan) that the runtime parser does not accept.
    private static bool TryParseSpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var t = s.Trim(" \t"u8);
        bool negative = t.Length > 0 && t[0] == '-';
        if (t.Length > 0 && (t[0] == '-' || t[0] == '+'))
            t = t[1..];
        if (Ascii.EqualsIgnoreCase(t, "inf"u8) || Ascii.EqualsIgnoreCase(t, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (Ascii.EqualsIgnoreCase(t, "nan"u8))
        {
            value = double.NaN;
            return true;
        }
        return false;
    }
}
