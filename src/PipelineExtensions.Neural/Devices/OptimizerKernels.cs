namespace PipelineExtensions.Neural.Devices;

/// <summary>Hyperparameters of one SGD update (PyTorch's <c>torch.optim.SGD</c> rule).</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Momentum">Momentum factor (0 disables the buffer).</param>
/// <param name="Dampening">Dampening of the momentum buffer's gradient term.</param>
/// <param name="WeightDecay">L2 penalty added to the gradient (coupled).</param>
/// <param name="Nesterov">Nesterov momentum.</param>
/// <param name="Maximize">Ascend instead of descend.</param>
/// <param name="FirstStep">True on the buffer's first update (PyTorch initialises the buffer with the gradient).</param>
public readonly record struct SgdHyper(double LearningRate, double Momentum, double Dampening, double WeightDecay, bool Nesterov, bool Maximize, bool FirstStep);

/// <summary>Hyperparameters of one Adam/AdamW update (PyTorch's <c>torch.optim.Adam</c>/<c>AdamW</c> rules).</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Epsilon">Added to the denominator.</param>
/// <param name="WeightDecay">Coupled L2 (Adam) or decoupled decay (AdamW).</param>
/// <param name="Decoupled">True for AdamW: the parameter is multiplied by 1 − lr·decay before the step.</param>
/// <param name="Amsgrad">Keep the running maximum of the second moment.</param>
/// <param name="Maximize">Ascend instead of descend.</param>
/// <param name="Step">1-based step count of this parameter (for bias correction).</param>
public readonly record struct AdamHyper(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay, bool Decoupled, bool Amsgrad, bool Maximize, long Step);

/// <summary>Hyperparameters of one RMSprop update (PyTorch's <c>torch.optim.RMSprop</c> rule).</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Alpha">Smoothing constant of the squared-gradient average.</param>
/// <param name="Epsilon">Added to the denominator.</param>
/// <param name="WeightDecay">Coupled L2 penalty.</param>
/// <param name="Momentum">Momentum factor (0 disables the buffer).</param>
/// <param name="Centered">Normalise by the estimated variance instead of the second moment.</param>
/// <param name="Maximize">Ascend instead of descend.</param>
public readonly record struct RmsPropHyper(double LearningRate, double Alpha, double Epsilon, double WeightDecay, double Momentum, bool Centered, bool Maximize);
