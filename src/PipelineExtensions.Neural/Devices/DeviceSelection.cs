using Microsoft.Extensions.Logging;
using PipelineExtensions.Neural.Devices.Ilgpu;

namespace PipelineExtensions.Neural.Devices;

/// <summary>
/// Chooses the device from ML.NET's two settings: <c>GpuDeviceId</c> (null trains on the CPU; a number names the
/// CUDA GPU) and <c>FallbackToCpu</c> (when that GPU cannot be used, train on the CPU with a logged warning instead
/// of throwing). GPU devices are created once per process and id and shared (kernels compile once).
/// </summary>
public static class DeviceSelection
{
    private static readonly Dictionary<int, IlgpuDevice> Gpus = new();
    private static readonly object Gate = new();

    /// <summary>
    /// The device for <paramref name="gpuDeviceId"/>: <paramref name="cpu"/> when it is null, else the shared
    /// <see cref="IlgpuDevice"/> of that CUDA GPU. When the GPU cannot be used, returns <paramref name="cpu"/> after
    /// logging a warning if <paramref name="fallbackToCpu"/> is set, and otherwise throws.
    /// </summary>
    /// <exception cref="InvalidOperationException">No usable CUDA GPU <paramref name="gpuDeviceId"/> and no fallback; the
    /// message names the GPUs that were found.</exception>
    public static Device Resolve(int? gpuDeviceId, bool fallbackToCpu, Device cpu, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (gpuDeviceId is not { } id)
            return cpu;
        try
        {
            return SharedCuda(id, logger);
        }
        catch (Exception e) when (fallbackToCpu)
        {
            logger?.LogWarning("GpuDeviceId = {Id} cannot be used ({Reason}); FallbackToCpu is set, so training runs on {Cpu}.", id, e.Message, cpu.Name);
            return cpu;
        }
    }

    /// <summary>The process-wide <see cref="IlgpuDevice"/> of CUDA GPU <paramref name="deviceId"/> (created on first use).</summary>
    /// <exception cref="InvalidOperationException">There is no such GPU; the message names the GPUs that were found.</exception>
    public static IlgpuDevice SharedCuda(int deviceId, ILogger? logger = null)
    {
        lock (Gate)
        {
            if (Gpus.TryGetValue(deviceId, out var device))
                return device;
            try
            {
                device = IlgpuDevice.Cuda(deviceId, logger);
            }
            catch (InvalidOperationException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"GpuDeviceId = {deviceId}: the CUDA device could not be opened ({e.GetType().Name}: {e.Message}).", e);
            }
            Gpus[deviceId] = device;
            return device;
        }
    }

    internal static string NoSuchGpuMessage(int deviceId, IReadOnlyList<string> found) => found.Count == 0
        ? $"GpuDeviceId = {deviceId} was requested, but ILGPU found no CUDA device on this machine (no NVIDIA GPU, or the CUDA driver " +
          "library libcuda.so / nvcuda.dll could not be loaded). Set FallbackToCpu = true to train on the CPU instead, or leave GpuDeviceId unset."
        : $"GpuDeviceId = {deviceId} was requested, but ILGPU found {found.Count} CUDA device(s): " +
          string.Join(", ", found.Select((name, i) => $"{i} = {name}")) + ". Use one of these ids, or set FallbackToCpu = true to train on the CPU.";
}
