namespace PipelineExtensions.AutoML.Tuners.Tpe;

/// <summary>
/// erf/erfc and the (log) standard normal CDF, accurate to double precision in the tails, as the truncated-normal
/// mixture of TPE needs them. erf and erfc follow the algorithm of FreeBSD's msun s_erf.c, whose notice is kept:
/// <code>
/// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
/// Developed at SunPro, a Sun Microsystems, Inc. business.
/// Permission to use, copy, modify, and distribute this software is freely granted,
/// provided that this notice is preserved.
/// </code>
/// </summary>
internal static class SpecialFunctions
{
    private const double Erx = 8.45062911510467529297e-01;
    private const double Efx = 1.28379167095512586316e-01;

    // erf on [0, 0.84375]
    private const double Pp0 = 1.28379167095512558561e-01, Pp1 = -3.25042107247001499370e-01, Pp2 = -2.84817495755985104766e-02,
        Pp3 = -5.77027029648944159157e-03, Pp4 = -2.37630166566501626084e-05;
    private const double Qq1 = 3.97917223959155352819e-01, Qq2 = 6.50222499887672944485e-02, Qq3 = 5.08130628187576562776e-03,
        Qq4 = 1.32494738004321644526e-04, Qq5 = -3.96022827877536812320e-06;

    // erf on [0.84375, 1.25]
    private const double Pa0 = -2.36211856075265944077e-03, Pa1 = 4.14856118683748331666e-01, Pa2 = -3.72207876035701323847e-01,
        Pa3 = 3.18346619901161753674e-01, Pa4 = -1.10894694282396677476e-01, Pa5 = 3.54783043256182359371e-02, Pa6 = -2.16637559486879084300e-03;
    private const double Qa1 = 1.06420880400844228286e-01, Qa2 = 5.40397917702171048937e-01, Qa3 = 7.18286544141962662868e-02,
        Qa4 = 1.26171219808761642112e-01, Qa5 = 1.36370839120290507362e-02, Qa6 = 1.19844998467991074170e-02;

    // erfc on [1.25, 1/0.35]
    private const double Ra0 = -9.86494403484714822705e-03, Ra1 = -6.93858572707181764372e-01, Ra2 = -1.05586262253232909814e01,
        Ra3 = -6.23753324503260060396e01, Ra4 = -1.62396669462573470355e02, Ra5 = -1.84605092906711035994e02,
        Ra6 = -8.12874355063065934246e01, Ra7 = -9.81432934416914548592e00;
    private const double Sa1 = 1.96512716674392571292e01, Sa2 = 1.37657754143519042600e02, Sa3 = 4.34565877475229228821e02,
        Sa4 = 6.45387271733267880336e02, Sa5 = 4.29008140027567833386e02, Sa6 = 1.08635005541779435134e02,
        Sa7 = 6.57024977031928170135e00, Sa8 = -6.04244152148580987438e-02;

    // erfc on [1/0.35, 28]
    private const double Rb0 = -9.86494292470009928597e-03, Rb1 = -7.99283237680523006574e-01, Rb2 = -1.77579549177547519889e01,
        Rb3 = -1.60636384855821916062e02, Rb4 = -6.37566443368389627722e02, Rb5 = -1.02509513161107724954e03, Rb6 = -4.83519191608651397019e02;
    private const double Sb1 = 3.03380607434824582924e01, Sb2 = 3.25792512996573918826e02, Sb3 = 1.53672958608443695994e03,
        Sb4 = 3.19985821950859553908e03, Sb5 = 2.55305040643316442583e03, Sb6 = 4.74528541206955367215e02, Sb7 = -2.24409524465858183362e01;

    // Python's sys.float_info.epsilon (2^-52); .NET's double.Epsilon is the smallest subnormal, far too small here.
    private const double MachineEpsilon = 2.220446049250313e-16;

    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>The error function.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        double a = Math.Abs(x);
        if (a < 0.84375)
        {
            if (a < 3.7252902984e-09) // 2^-28
                return x + Efx * x;
            return x + x * SmallRatio(x * x);
        }
        if (a < 1.25)
        {
            double pq = MidRatio(a - 1.0);
            return x >= 0 ? Erx + pq : -Erx - pq;
        }
        if (a >= 6)
            return Math.Sign(x);
        double tail = TailRatio(a) / a;
        return x >= 0 ? 1.0 - tail : tail - 1.0;
    }

    /// <summary>The complementary error function 1 − erf(x), without cancellation for large x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        double a = Math.Abs(x);
        if (a < 0.84375)
        {
            if (a < 1.3877787807814457e-17) // 2^-56
                return 1.0 - x;
            double y = SmallRatio(x * x);
            if (x < 0.25)
                return 1.0 - (x + x * y);
            return 0.5 - (x * y + (x - 0.5));
        }
        if (a < 1.25)
        {
            double pq = MidRatio(a - 1.0);
            return x >= 0 ? 1.0 - Erx - pq : 1.0 + (Erx + pq);
        }
        if (a < 28)
        {
            if (x < 0 && a >= 6)
                return 2.0;
            double tail = TailRatio(a) / a;
            return x > 0 ? tail : 2.0 - tail;
        }
        return x > 0 ? 0.0 : 2.0;
    }

    // erf(x) = x + x·R(x²)/S(x²) on [0, 0.84375].
    private static double SmallRatio(double z) =>
        (Pp0 + z * (Pp1 + z * (Pp2 + z * (Pp3 + z * Pp4)))) / (1.0 + z * (Qq1 + z * (Qq2 + z * (Qq3 + z * (Qq4 + z * Qq5)))));

    // erf(|x|) = erx + P(s)/Q(s), s = |x| − 1, on [0.84375, 1.25].
    private static double MidRatio(double s) =>
        (Pa0 + s * (Pa1 + s * (Pa2 + s * (Pa3 + s * (Pa4 + s * (Pa5 + s * Pa6)))))) / (1.0 + s * (Qa1 + s * (Qa2 + s * (Qa3 + s * (Qa4 + s * (Qa5 + s * Qa6))))));

    // exp(-a² - 0.5625 + R/S) for a in [1.25, 28]; a is split so that a² is exact in its high part (s_erf.c's SET_LOW_WORD).
    private static double TailRatio(double a)
    {
        double s = 1.0 / (a * a);
        double r, t;
        if (a < 1 / 0.35)
        {
            r = Ra0 + s * (Ra1 + s * (Ra2 + s * (Ra3 + s * (Ra4 + s * (Ra5 + s * (Ra6 + s * Ra7))))));
            t = 1.0 + s * (Sa1 + s * (Sa2 + s * (Sa3 + s * (Sa4 + s * (Sa5 + s * (Sa6 + s * (Sa7 + s * Sa8)))))));
        }
        else
        {
            r = Rb0 + s * (Rb1 + s * (Rb2 + s * (Rb3 + s * (Rb4 + s * (Rb5 + s * Rb6)))));
            t = 1.0 + s * (Sb1 + s * (Sb2 + s * (Sb3 + s * (Sb4 + s * (Sb5 + s * (Sb6 + s * Sb7))))));
        }
        double z = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & unchecked((long)0xFFFFFFFF00000000UL));
        return Math.Exp(-z * z - 0.5625) * Math.Exp((z - a) * (z + a) + r / t);
    }

    /// <summary>Φ(a), the standard normal CDF.</summary>
    public static double Ndtr(double a) => 0.5 * Erfc(-a / Math.Sqrt(2.0));

    /// <summary>log Φ(a), accurate far into both tails.</summary>
    public static double LogNdtr(double a)
    {
        if (a > 6)
            return -Ndtr(-a); // log(1 − ε) ≈ −ε
        if (a > -20)
            return Math.Log(Ndtr(a));
        // Asymptotic series of the Mills ratio for the far left tail (as SciPy's log_ndtr).
        double logLhs = -0.5 * a * a - Math.Log(-a) - LogSqrt2Pi;
        double last = 0, rhs = 1, numerator = 1, denominatorFactor = 1, denominatorConst = 1 / (a * a);
        int sign = 1;
        for (int i = 1; Math.Abs(last - rhs) > MachineEpsilon && i < 500; i++)
        {
            last = rhs;
            sign = -sign;
            denominatorFactor *= denominatorConst;
            numerator *= 2 * i - 1;
            rhs += sign * numerator * denominatorFactor;
        }
        return logLhs + Math.Log(rhs);
    }

    /// <summary>log of the standard normal density.</summary>
    public static double NormLogPdf(double x) => -0.5 * x * x - LogSqrt2Pi;

    /// <summary>log(Φ(b) − Φ(a)) for a ≤ b, computed in whichever tail keeps precision.</summary>
    public static double LogGaussMass(double a, double b)
    {
        if (b <= 0)
            return LogDiff(LogNdtr(b), LogNdtr(a));
        if (a > 0)
            return LogDiff(LogNdtr(-a), LogNdtr(-b));
        return Log1P(-Ndtr(a) - Ndtr(-b));
    }

    /// <summary>The quantile of the standard normal truncated to [a, b] at probability q (SciPy's truncnorm.ppf).</summary>
    public static double TruncatedNormalPpf(double q, double a, double b)
    {
        if (a == b)
            return double.NaN;
        if (q <= 0)
            return a;
        if (q >= 1)
            return b;
        double mass = LogGaussMass(a, b);
        if (a < 0)
            return InverseLogNdtr(LogAddExp(LogNdtr(a), Math.Log(q) + mass));
        return -InverseLogNdtr(LogAddExp(LogNdtr(-b), Log1P(-q) + mass));
    }

    /// <summary>log of the density of N(mu, sigma²) truncated to [low, high] at x (−∞ outside).</summary>
    public static double TruncatedNormalLogPdf(double x, double low, double high, double mu, double sigma)
    {
        if (x < low || x > high)
            return double.NegativeInfinity;
        double a = (low - mu) / sigma, b = (high - mu) / sigma;
        return NormLogPdf((x - mu) / sigma) - LogGaussMass(a, b) - Math.Log(sigma);
    }

    /// <summary>x with log Φ(x) = y, by bisection on [−100, 100] (monotone, robust in both tails) to ~1e-13 relative.</summary>
    public static double InverseLogNdtr(double y)
    {
        double lo = -100, hi = 100, m = 0;
        for (int i = 0; i < 100 && hi - lo > 1e-13 * Math.Max(1.0, Math.Abs(m)); i++)
        {
            m = 0.5 * (lo + hi);
            if (LogNdtr(m) < y)
                lo = m;
            else
                hi = m;
        }
        return m;
    }

    /// <summary>log(1 + x), accurate for small x (Goldberg's trick; .NET's LogP1 is log(1 + x) as written).</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0)
            return x;
        if (double.IsInfinity(u) || u <= 0)
            return Math.Log(u);
        return Math.Log(u) * x / (u - 1.0);
    }

    private static double LogDiff(double logP, double logQ) => logP + Log1P(-Math.Exp(logQ - logP));

    private static double LogAddExp(double x, double y)
    {
        if (double.IsNegativeInfinity(x))
            return y;
        if (double.IsNegativeInfinity(y))
            return x;
        double max = Math.Max(x, y);
        return max + Log1P(Math.Exp(-Math.Abs(x - y)));
    }
}
