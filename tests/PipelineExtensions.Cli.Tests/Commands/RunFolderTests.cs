using PipelineExtensions.Cli.Runs;

namespace PipelineExtensions.Cli.Tests.Commands;

public sealed class RunFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipex-folder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_failing_writer_leaves_no_folder_and_no_temporary_one()
    {
        string target = Path.Combine(_dir, "run");
        Assert.Throws<IOException>(() => RunFolder.Write(target, overwrite: false, folder =>
        {
            File.WriteAllText(Path.Combine(folder, "model.pipex"), "half");
            throw new IOException("disk full");
        }));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void Overwrite_replaces_the_old_run_only_when_the_new_one_is_complete()
    {
        string target = Path.Combine(_dir, "run");
        RunFolder.Write(target, false, folder => File.WriteAllText(Path.Combine(folder, "a.txt"), "old"));

        Assert.Throws<InvalidOperationException>(() => RunFolder.Write(target, true, folder =>
        {
            File.WriteAllText(Path.Combine(folder, "a.txt"), "new");
            throw new InvalidOperationException("training failed");
        }));
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.txt")));

        RunFolder.Write(target, true, folder => File.WriteAllText(Path.Combine(folder, "b.txt"), "new"));
        Assert.Equal(["b.txt"], Directory.GetFiles(target).Select(f => Path.GetFileName(f)));
        Assert.Equal([target], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void A_non_empty_folder_is_refused_without_overwrite()
    {
        string target = Path.Combine(_dir, "run");
        RunFolder.Write(target, false, folder => File.WriteAllText(Path.Combine(folder, "a.txt"), "old"));
        var e = Assert.Throws<IOException>(() => RunFolder.Write(target, false, _ => { }));
        Assert.Contains("--overwrite", e.Message);
    }
}
