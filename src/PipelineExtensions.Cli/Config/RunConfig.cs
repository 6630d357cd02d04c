namespace PipelineExtensions.Cli.Config;

/// <summary>
/// The JSON config of <c>pipex train</c> and <c>pipex sweep</c> (snake_case fields; unknown fields are errors).
/// See <c>samples/configs/</c> for examples.
/// </summary>
public sealed class RunConfig
{
    /// <summary>Where the data comes from.</summary>
    public DataConfig Data { get; init; } = new();

    /// <summary>The trainer and its settings.</summary>
    public TrainerConfig Trainer { get; init; } = new();

    /// <summary>The steps before the trainer: sampling, class weights, augmentation.</summary>
    public PipelineConfig Pipeline { get; init; } = new();

    /// <summary>Training policies: early stopping, reduce-on-plateau.</summary>
    public CallbacksConfig Callbacks { get; init; } = new();

    /// <summary>The sweep (<c>pipex sweep</c> only; ignored by <c>train</c>).</summary>
    public SweepConfig? Sweep { get; init; }

    /// <summary>Checks every field.</summary>
    public void Validate(ConfigChecker check)
    {
        Data.Validate(check, "$.data");
        Trainer.Validate(check, "$.trainer");
        Pipeline.Validate(check, "$.pipeline", Trainer);
        Callbacks.Validate(check, "$.callbacks");
        Sweep?.Validate(check, "$.sweep");
    }
}
