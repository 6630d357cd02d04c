namespace PipelineExtensions.AutoML.Storage;

/// <summary>Opens a trial store from a short description, as the command line's <c>--store</c> takes it.</summary>
public static class TrialStore
{
    /// <summary>
    /// Opens <paramref name="location"/>: <c>memory</c>; <c>postgres:CONNECTION-STRING</c> (Npgsql syntax);
    /// <c>sqlite:PATH</c> or any other plain file path (SQLite is the default store).
    /// </summary>
    public static ITrialStore Open(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (location == "memory")
            return new InMemoryTrialStore();
        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            return new SqliteTrialStore(location["sqlite:".Length..]);
        if (location.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
            return new PostgresTrialStore(location["postgres:".Length..]);
        if (location.Contains('=') || location.Contains("://", StringComparison.Ordinal))
            throw new ArgumentException(
                $"Unknown trial store '{location}'. Use 'memory', 'sqlite:PATH' (or just a file path), or 'postgres:Host=…;Database=…'.", nameof(location));
        return new SqliteTrialStore(location); // a plain path: SQLite, the default store

    }
}
