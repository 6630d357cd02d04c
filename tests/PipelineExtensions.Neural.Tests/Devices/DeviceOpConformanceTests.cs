namespace PipelineExtensions.Neural.Tests.Devices;

/// <summary>
/// Every operation of the device contract on the ILGPU backend (ILGPU's CPU accelerator here; CUDA when a GPU is
/// present) against the CPU backend, on the same seeded inputs, within the tolerances documented on
/// <see cref="Conformance"/>.
/// </summary>
public class DeviceOpConformanceTests
{
    public static TheoryData<string> Names => new(OpCases.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void IlgpuCpuAcceleratorMatchesCpuBackend(string name) => Compare(name, Conformance.CpuAccelerator);

    [CudaFact]
    public void CudaMatchesCpuBackendOnEveryOperation()
    {
        foreach (var name in OpCases.All.Keys)
            Compare(name, Conformance.Cuda);
    }

    private static void Compare(string name, Neural.Devices.Device candidate)
    {
        var c = OpCases.All[name];
        var expected = c.Run(Conformance.Reference);
        var actual = c.Run(candidate);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Conformance.AssertClose(expected[i], actual[i], c.Tolerance, $"{name} on {candidate.Name}, output {i}");
    }
}
