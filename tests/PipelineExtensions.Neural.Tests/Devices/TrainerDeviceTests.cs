using PipelineExtensions.Data;
using PipelineExtensions.Neural.Trainers;
using PipelineExtensions.Pipeline;
using PipelineExtensions.Neural.Tests.Trainers;

namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// The trainers run unchanged on the ILGPU backend (here ILGPU's CPU accelerator, passed as
/// <see cref="NeuralTrainerOptions.Device"/>), and <see cref="NeuralTrainerOptions.GpuDeviceId"/> /
/// <see cref="NeuralTrainerOptions.FallbackToCpu"/> behave as ML.NET's do on a machine without a GPU.
/// </summary>
public class TrainerDeviceTests
{
    private static MlpTrainerOptions Options() => new()
    {
        Epochs = 2,
        BatchSize = 32,
        LearningRate = 0.01,
        HiddenLayers = [16],
        Seed = 3,
        Threads = 1,
    };

    [Fact]
    public void Mlp_trainer_on_the_ilgpu_backend_matches_the_cpu_and_its_saved_model_scores_on_the_cpu()
    {
        var train = TrainerData.Blobs(160, 3, 6, separation: 3, seed: 1);
        var test = TrainerData.Blobs(40, 3, 6, separation: 3, seed: 2);
        var cpuModel = new PipelineContext(seed: 1).Trainers.MultilayerPerceptron(Options()).Fit(train);
        var options = Options();
        options.Device = Conformance.CpuAccelerator;
        var ctx = new PipelineContext(seed: 1);
        var model = ctx.Trainers.MultilayerPerceptron(options).Fit(train);

        float[] Scores(ITransformer m) => m.Transform(test).GetColumn<VectorColumn>("Score").Data.ToArray();
        var expected = Scores(cpuModel);
        var actual = Scores(model);
        Conformance.AssertClose(expected, actual, Conformance.Training, "MLP scores after 2 epochs on ilgpu-cpu");
        Assert.Equal(cpuModel.History!.Epochs.Count, model.History!.Epochs.Count);

        // The model file holds plain values: a model trained on the accelerator loads and scores on the CPU.
        string path = Path.Combine(Path.GetTempPath(), $"pipex-mlp-ilgpu-{Guid.NewGuid():N}.zip");
        try
        {
            ctx.Model.Save(model, train.Schema, path);
            var loaded = ctx.Model.Load(path, out _);
            Conformance.AssertClose(actual, Scores(loaded), Conformance.Summed, "reloaded model's scores");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GpuDeviceId_without_that_gpu_throws_a_clear_error_or_falls_back_to_the_cpu()
    {
        var train = TrainerData.Blobs(120, 2, 4, separation: 4, seed: 1);
        var options = Options();
        options.GpuDeviceId = 7;   // no machine running these tests has eight GPUs
        var error = Assert.Throws<InvalidOperationException>(() => new PipelineContext(seed: 1).Trainers.MultilayerPerceptron(options).Fit(train));
        Assert.Contains("GpuDeviceId = 7", error.Message);
        Assert.Contains("FallbackToCpu", error.Message);

        // The fallback is the plain CPU run: the same seed gives the same scores bit for bit.
        options.FallbackToCpu = true;
        var fallback = new PipelineContext(seed: 1).Trainers.MultilayerPerceptron(options).Fit(train);
        var cpu = new PipelineContext(seed: 1).Trainers.MultilayerPerceptron(Options()).Fit(train);
        Assert.Equal(cpu.Transform(train).GetColumn<VectorColumn>("Score").Data.ToArray(),
            fallback.Transform(train).GetColumn<VectorColumn>("Score").Data.ToArray());
    }

    [Fact]
    public void GpuDeviceId_is_validated()
    {
        var options = Options();
        options.GpuDeviceId = -1;
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
    }
}
