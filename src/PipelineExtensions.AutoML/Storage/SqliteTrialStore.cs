using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PipelineExtensions.AutoML.Storage;

/// <summary>
/// A trial store in one SQLite file — the default: nothing to install, and several worker processes on the same
/// machine can share a study. The file runs in WAL mode (readers never block the writer); every claim and
/// recovery is a <c>BEGIN IMMEDIATE</c> transaction, so two processes can never claim the same trial. Times come
/// from SQLite's clock, i.e. this machine's. Do not put the file on a network share (SQLite's locking needs a
/// local file system); use <see cref="PostgresTrialStore"/> for workers on several machines.
/// </summary>
public sealed class SqliteTrialStore : RelationalTrialStore
{
    private static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS pipex_studies (
            study_id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            direction INTEGER NOT NULL,
            space TEXT NOT NULL,
            created REAL NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS pipex_trials (
            trial_id INTEGER PRIMARY KEY AUTOINCREMENT,
            study_id INTEGER NOT NULL REFERENCES pipex_studies (study_id),
            number INTEGER NOT NULL,
            state INTEGER NOT NULL,
            params TEXT, value REAL, metrics TEXT, user_attrs TEXT, system_attrs TEXT,
            worker TEXT, claim TEXT, attempt INTEGER NOT NULL DEFAULT 0,
            started REAL, finished REAL, heartbeat REAL, error TEXT,
            UNIQUE (study_id, number))
        """,
        "CREATE INDEX IF NOT EXISTS pipex_trials_state ON pipex_trials (study_id, state)",
        """
        CREATE TABLE IF NOT EXISTS pipex_intermediate (
            trial_id INTEGER NOT NULL REFERENCES pipex_trials (trial_id),
            step INTEGER NOT NULL,
            value REAL,
            PRIMARY KEY (trial_id, step))
        """,
    ];

    private readonly string _connectionString;

    /// <summary>Opens (creating if needed) the store in the file <paramref name="path"/>.</summary>
    /// <param name="path">The database file; its directory is created if missing.</param>
    /// <param name="busyTimeout">How long a writer waits for another process's transaction (default 60 s).</param>
    public SqliteTrialStore(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);
        int timeout = (int)Math.Ceiling((busyTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = timeout,
        }.ToString();
        try
        {
            using var c = Open();
            Sql.Execute(c, null, "PRAGMA journal_mode = WAL");
            using var t = BeginWrite(c);
            foreach (var ddl in Schema)
                Sql.Execute(c, t, ddl);
            t.Commit();
        }
        catch (SqliteException e)
        {
            throw new IOException($"Cannot open the SQLite trial store '{Path}': {e.Message}", e);
        }
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    private protected override string NowSql => "((julianday('now') - 2440587.5) * 86400.0)";

    private protected override string ClaimLockSuffix => "";

    private protected override DbConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        // SQLite waits for a competing writer itself instead of failing at once with SQLITE_BUSY.
        Sql.Execute(c, null, $"PRAGMA busy_timeout = {c.DefaultTimeout * 1000}");
        return c;
    }

    // BEGIN IMMEDIATE: the write lock is taken at BEGIN, so read-then-write claims cannot interleave.
    private protected override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    private protected override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    private protected override void LockStudy(DbConnection connection, DbTransaction transaction, long studyId)
    {
        // BEGIN IMMEDIATE already serialises all writers of the file.
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
    }

    /// <inheritdoc />
    public override string ToString() => $"sqlite:{Path}";
}
