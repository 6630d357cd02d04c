using PipelineExtensions.Neural.Kernels;
using Xunit;

namespace PipelineExtensions.Neural.Tests.Kernels;

public sealed class WorkerTeamTests
{
    // Regression: a worker that started after the first Run had bumped the generation waited for the next bump
    // while Run waited for the worker — the cnn-epoch benchmark hung this way under load. The seam delays the
    // worker's start so that the first Run always comes first.
    [Fact]
    public async Task First_run_completes_when_the_worker_thread_starts_late()
    {
        var team = new WorkerTeam(2, onWorkerStart: () => Thread.Sleep(300));
        var ran = new int[2];
        var run = Task.Run(() => team.Run(2, part => Interlocked.Increment(ref ran[part])));
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(first == run, "WorkerTeam.Run did not return: the late worker missed the first fork-join.");
        Assert.Equal([1, 1], ran);

        // And the team keeps working afterwards.
        for (int i = 0; i < 100; i++)
            team.Run(2, part => Interlocked.Increment(ref ran[part]));
        Assert.Equal([101, 101], ran);
    }
}
