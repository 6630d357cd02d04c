namespace PipelineExtensions.Cli.Runs;

/// <summary>
/// Writes a run's output folder atomically: everything goes into a hidden sibling folder first, which is renamed to
/// the final name only when every file is written. A failure leaves no partial folder; an existing folder is
/// replaced only when asked.
/// </summary>
public static class RunFolder
{
    /// <summary>Checks before any work that <paramref name="path"/> may be written.</summary>
    /// <exception cref="IOException">The folder exists, is not empty and <paramref name="overwrite"/> is false.</exception>
    public static void EnsureWritable(string path, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
            throw new IOException($"Output '{path}' is a file, not a folder.");
        if (!overwrite && Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            throw new IOException($"Output folder '{path}' exists and is not empty; pass --overwrite to replace it.");
    }

    /// <summary>Runs <paramref name="write"/> on a fresh temporary folder, then moves it to <paramref name="path"/>.</summary>
    /// <param name="path">The final folder.</param>
    /// <param name="overwrite">Replace an existing non-empty folder.</param>
    /// <param name="write">Writes the files into the folder it is given.</param>
    public static void Write(string path, bool overwrite, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        path = Path.GetFullPath(path);
        EnsureWritable(path, overwrite);
        string parent = Path.GetDirectoryName(path) ?? ".";
        Directory.CreateDirectory(parent);
        string name = Path.GetFileName(path);
        string temp = Path.Combine(parent, $".{name}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        string? old = null;
        try
        {
            write(temp);
            if (Directory.Exists(path))
            {
                old = Path.Combine(parent, $".{name}.old-{Guid.NewGuid():N}");
                Directory.Move(path, old);
            }
            Directory.Move(temp, path);
            if (old is not null)
                Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (old is not null && !Directory.Exists(path) && Directory.Exists(old))
                Directory.Move(old, path); // put the previous run back
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            throw;
        }
    }
}
