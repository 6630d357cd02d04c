using PipelineExtensions.Randomness;
using PipelineExtensions.Training;

namespace PipelineExtensions.Tests.Training.Fakes;

/// <summary>
/// A real, small engine for loop tests: multinomial logistic regression in float64 on seeded Gaussian blobs,
/// trained by SGD with momentum. Each step also adds gradient noise drawn from <see cref="TrainingBatch.Seed"/>
/// (standing in for dropout), so a resumed run only matches when the loop hands out the same seeds.
/// </summary>
internal sealed class SoftmaxRegressionModel : ITrainableModel, IMomentumControl
{
    private readonly int _k, _d;
    private readonly double[] _x, _xValidation;
    private readonly int[] _y, _yValidation;
    private double[] _w, _velocity;
    private long _steps;

    public SoftmaxRegressionModel(int seed = 1, int rows = 240, int validationRows = 90, int classes = 3, int features = 4, double separation = 2.0, double gradientNoise = 0.01)
    {
        _k = classes;
        _d = features;
        GradientNoise = gradientNoise;
        var rng = new SeededRandom(seed);
        var centers = new double[classes * features];
        for (int i = 0; i < centers.Length; i++)
            centers[i] = separation * rng.NextGaussian();
        (_x, _y) = Blobs(rng, rows, centers);
        (_xValidation, _yValidation) = Blobs(rng, validationRows, centers);
        _w = new double[_k * (_d + 1)];
        for (int i = 0; i < _w.Length; i++)
            _w[i] = 0.01 * rng.NextGaussian();
        _velocity = new double[_w.Length];
    }

    public double GradientNoise { get; }

    public int ClassCount => _k;

    public double LearningRate { get; set; } = 0.1;

    public double Momentum { get; set; } = 0.9;

    public ReadOnlySpan<double> Weights => _w;

    public long Steps => _steps;

    public int RowCount(DataPart part) => part == DataPart.Training ? _y.Length : _yValidation.Length;

    public ReadOnlySpan<int> Labels(DataPart part) => part == DataPart.Training ? _y : _yValidation;

    public double TrainBatch(in TrainingBatch batch, Span<int> predictedClasses)
    {
        var gradient = new double[_w.Length];
        var p = new double[_k];
        double loss = 0;
        for (int i = 0; i < batch.Rows.Length; i++)
        {
            int row = batch.Rows[i];
            var x = _x.AsSpan(row * _d, _d);
            loss += Forward(x, _y[row], p, out predictedClasses[i]);
            for (int c = 0; c < _k; c++)
            {
                double g = (p[c] - (c == _y[row] ? 1 : 0)) / batch.Rows.Length;
                for (int j = 0; j < _d; j++)
                    gradient[c * (_d + 1) + j] += g * x[j];
                gradient[c * (_d + 1) + _d] += g;
            }
        }
        var noise = new SeededRandom(batch.Seed);
        for (int i = 0; i < _w.Length; i++)
        {
            _velocity[i] = Momentum * _velocity[i] + gradient[i] + GradientNoise * noise.NextGaussian();
            _w[i] -= LearningRate * _velocity[i];
        }
        _steps++;
        return loss / batch.Rows.Length;
    }

    public double Evaluate(DataPart part, Span<int> predictedClasses)
    {
        var x = part == DataPart.Training ? _x : _xValidation;
        var y = part == DataPart.Training ? _y : _yValidation;
        var p = new double[_k];
        double loss = 0;
        for (int row = 0; row < y.Length; row++)
            loss += Forward(x.AsSpan(row * _d, _d), y[row], p, out predictedClasses[row]);
        return loss / y.Length;
    }

    public bool ParametersAreFinite() => _w.All(double.IsFinite) && _velocity.All(double.IsFinite);

    public IModelSnapshot CaptureSnapshot(SnapshotScope scope) =>
        new Snapshot(scope, (double[])_w.Clone(), scope == SnapshotScope.TrainingState ? (double[])_velocity.Clone() : null, _steps);

    public void RestoreSnapshot(IModelSnapshot snapshot)
    {
        var s = (Snapshot)snapshot;
        _w = (double[])s.Weights.Clone();
        if (s.Velocity is not null)
        {
            _velocity = (double[])s.Velocity.Clone();
            _steps = s.Steps;
        }
    }

    public void WriteSnapshot(IModelSnapshot snapshot, Stream destination)
    {
        var s = (Snapshot)snapshot;
        using var w = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write((int)s.Scope);
        w.Write(s.Steps);
        Write(w, s.Weights);
        w.Write(s.Velocity is not null);
        if (s.Velocity is not null)
            Write(w, s.Velocity);
    }

    public IModelSnapshot ReadSnapshot(Stream source)
    {
        using var r = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var scope = (SnapshotScope)r.ReadInt32();
        long steps = r.ReadInt64();
        var weights = Read(r);
        if (weights.Length != _w.Length)
            throw new InvalidDataException($"Snapshot has {weights.Length} weights, the model {_w.Length}.");
        var velocity = r.ReadBoolean() ? Read(r) : null;
        return new Snapshot(scope, weights, velocity, steps);
    }

    private double Forward(ReadOnlySpan<double> x, int label, double[] p, out int predicted)
    {
        double max = double.NegativeInfinity;
        predicted = 0;
        for (int c = 0; c < _k; c++)
        {
            double z = _w[c * (_d + 1) + _d];
            for (int j = 0; j < _d; j++)
                z += _w[c * (_d + 1) + j] * x[j];
            p[c] = z;
            if (z > max)
            {
                max = z;
                predicted = c;
            }
        }
        if (double.IsNaN(max))
            predicted = 0;
        double sum = 0;
        for (int c = 0; c < _k; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < _k; c++)
            p[c] /= sum;
        return -Math.Log(p[label]);
    }

    private (double[] X, int[] Y) Blobs(SeededRandom rng, int rows, double[] centers)
    {
        var x = new double[rows * _d];
        var y = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            y[i] = i % _k;
            for (int j = 0; j < _d; j++)
                x[i * _d + j] = centers[y[i] * _d + j] + rng.NextGaussian();
        }
        return (x, y);
    }

    private static void Write(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (double v in values)
            w.Write(v);
    }

    private static double[] Read(BinaryReader r)
    {
        var values = new double[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++)
            values[i] = r.ReadDouble();
        return values;
    }

    private sealed record Snapshot(SnapshotScope Scope, double[] Weights, double[]? Velocity, long Steps) : IModelSnapshot;
}
