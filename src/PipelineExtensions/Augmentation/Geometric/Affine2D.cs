namespace PipelineExtensions.Augmentation;

/// <summary>
/// A 2-D affine map from OUTPUT pixel coordinates to INPUT pixel coordinates (the inverse map, as Keras'
/// <c>affine_transform</c> and every resampler use): <c>x_in = A·x + B·y + C</c>, <c>y_in = D·x + E·y + F</c>.
/// Coordinates are pixel indices: pixel centres sit at integers, x is the column and y the row (y points down).
/// Geometric augmentations each contribute one map; the pipeline chains them and resamples once.
/// </summary>
internal readonly record struct Affine2D(double A, double B, double C, double D, double E, double F)
{
    /// <summary>The identity map.</summary>
    public static Affine2D Identity { get; } = new(1, 0, 0, 0, 1, 0);

    /// <summary>Output (x, y) reads input (x + dx, y + dy): the content moves by (−dx, −dy).</summary>
    public static Affine2D Offset(double dx, double dy) => new(1, 0, dx, 0, 1, dy);

    /// <summary>
    /// Output p reads input <c>centre + L·(p − centre)</c> for the linear part L = [[a, b], [d, e]], so the
    /// centre pixel stays in place (rotations, shears and zooms about the image centre).
    /// </summary>
    public static Affine2D AboutCentre(double a, double b, double d, double e, double centreX, double centreY) =>
        new(a, b, centreX - a * centreX - b * centreY, d, e, centreY - d * centreX - e * centreY);

    /// <summary>The map p ↦ outer(inner(p)): the output is first mapped by <paramref name="inner"/>, then by <paramref name="outer"/>.</summary>
    public static Affine2D Chain(in Affine2D outer, in Affine2D inner) => new(
        outer.A * inner.A + outer.B * inner.D,
        outer.A * inner.B + outer.B * inner.E,
        outer.A * inner.C + outer.B * inner.F + outer.C,
        outer.D * inner.A + outer.E * inner.D,
        outer.D * inner.B + outer.E * inner.E,
        outer.D * inner.C + outer.E * inner.F + outer.F);

    /// <summary>The input position that output (<paramref name="x"/>, <paramref name="y"/>) reads.</summary>
    public (double X, double Y) Apply(double x, double y) => (A * x + B * y + C, D * x + E * y + F);

    /// <summary>The inverse map (input → output); throws when the map is singular.</summary>
    public Affine2D Invert()
    {
        double det = A * E - B * D;
        if (det == 0 || !double.IsFinite(det))
            throw new InvalidOperationException($"The affine map {this} is singular and cannot be inverted.");
        double ia = E / det, ib = -B / det, id = -D / det, ie = A / det;
        return new(ia, ib, -(ia * C + ib * F), id, ie, -(id * C + ie * F));
    }

    /// <summary>True when the map is exactly the identity.</summary>
    public bool IsIdentity => A == 1 && B == 0 && C == 0 && D == 0 && E == 1 && F == 0;

    /// <summary>
    /// The map with coefficients within 1e-9 of an integer or half-integer set exactly to it. Trigonometry
    /// leaves cos 90° = 6e-17; snapping makes 90° rotations and flips exact index permutations, so bilinear
    /// sampling returns the input values bit for bit instead of blending in a 1e-16 share of a neighbour.
    /// </summary>
    public Affine2D Snapped() => new(Snap(A), Snap(B), Snap(C), Snap(D), Snap(E), Snap(F));

    private static double Snap(double v)
    {
        double half = Math.Round(v * 2) / 2;
        return Math.Abs(v - half) < 1e-9 ? half : v;
    }
}
