using System.Data;
using System.Data.Common;
using Npgsql;

namespace PipelineExtensions.AutoML.Storage;

/// <summary>
/// A trial store in a PostgreSQL database, for worker processes on one or many machines sharing a study (the role
/// of Optuna's RDB storage). Waiting trials are claimed with <c>SELECT … FOR UPDATE SKIP LOCKED</c>, new trial
/// numbers are allocated under a lock on the study's row, and heartbeats use the server's clock, so the workers'
/// clocks need not agree. The tables (<c>pipex_*</c>) are created on first use.
/// </summary>
public sealed class PostgresTrialStore : RelationalTrialStore
{
    // Any constant: serialises concurrent first-time schema creation by several workers.
    private const long SchemaLockKey = 0x7069706578L;

    private static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS pipex_studies (
            study_id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            direction INTEGER NOT NULL,
            space TEXT NOT NULL,
            created DOUBLE PRECISION NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS pipex_trials (
            trial_id BIGSERIAL PRIMARY KEY,
            study_id BIGINT NOT NULL REFERENCES pipex_studies (study_id),
            number INTEGER NOT NULL,
            state INTEGER NOT NULL,
            params TEXT, value DOUBLE PRECISION, metrics TEXT, user_attrs TEXT, system_attrs TEXT,
            worker TEXT, claim TEXT, attempt INTEGER NOT NULL DEFAULT 0,
            started DOUBLE PRECISION, finished DOUBLE PRECISION, heartbeat DOUBLE PRECISION, error TEXT,
            UNIQUE (study_id, number))
        """,
        "CREATE INDEX IF NOT EXISTS pipex_trials_state ON pipex_trials (study_id, state)",
        """
        CREATE TABLE IF NOT EXISTS pipex_intermediate (
            trial_id BIGINT NOT NULL REFERENCES pipex_trials (trial_id),
            step INTEGER NOT NULL,
            value DOUBLE PRECISION,
            PRIMARY KEY (trial_id, step))
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects with an Npgsql connection string (e.g. <c>Host=127.0.0.1;Port=5432;Username=…;Database=…</c>) and creates the tables if missing.</summary>
    public PostgresTrialStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            using var c = Open();
            using var t = BeginWrite(c);
            Sql.Execute(c, t, "SELECT pg_advisory_xact_lock(@k)", ("k", SchemaLockKey));
            foreach (var ddl in Schema)
                Sql.Execute(c, t, ddl);
            t.Commit();
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException)
        {
            _dataSource.Dispose();
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
            throw new IOException($"Cannot open the PostgreSQL trial store (Host={builder.Host};Port={builder.Port};Database={builder.Database}): {e.Message}", e);
        }
    }

    private protected override string NowSql => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)";

    private protected override string ClaimLockSuffix => " FOR UPDATE SKIP LOCKED";

    private protected override DbConnection Open() => _dataSource.OpenConnection();

    private protected override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

    private protected override DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    private protected override void LockStudy(DbConnection connection, DbTransaction transaction, long studyId) =>
        Sql.Execute(connection, transaction, "SELECT study_id FROM pipex_studies WHERE study_id = @s FOR UPDATE", ("s", studyId));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _dataSource.Dispose();
    }
}
